package org.keepalivedj.api.model;

import java.util.List;

/** vrrp_sync_group NAME { group { ... } ... }: instances that change state together. */
public record SyncGroup(
        Origin origin,
        String name,
        List<String> members,
        Tracking tracking,
        NotifyScripts notifyScripts,
        SmtpAlert smtpAlert,
        boolean trackingWeight,
        boolean notifyPriorityChanges) {
    public SyncGroup {
        members = List.copyOf(members);
    }
}
