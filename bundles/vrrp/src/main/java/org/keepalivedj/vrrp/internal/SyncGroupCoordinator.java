package org.keepalivedj.vrrp.internal;

import java.util.ArrayList;
import java.util.List;
import org.keepalivedj.api.vrrp.InstanceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vrrp_sync_group: when one member becomes MASTER or BACKUP the others follow; a fault in one
 * member faults them all until every member is healthy again.
 */
final class SyncGroupCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    final String name;
    private final List<VrrpStateMachine> members = new ArrayList<>();
    private boolean propagating;

    SyncGroupCoordinator(String name) {
        this.name = name;
    }

    void add(VrrpStateMachine member) {
        members.add(member);
        member.joinGroup(this);
    }

    List<VrrpStateMachine> members() {
        return List.copyOf(members);
    }

    boolean anyFault() {
        return members.stream().anyMatch(VrrpStateMachine::ownFault);
    }

    void memberChanged(VrrpStateMachine source, InstanceState to) {
        if (propagating) {
            return;
        }
        propagating = true;
        try {
            LOG.info("VRRP_Group({}) Syncing instances to {} state", name, to);
            for (VrrpStateMachine m : members) {
                if (m != source) {
                    if (to == InstanceState.MASTER) {
                        m.followToMaster();
                    } else if (to == InstanceState.BACKUP) {
                        m.followToBackup();
                    }
                }
            }
        } finally {
            propagating = false;
        }
    }

    void faultChanged() {
        for (VrrpStateMachine m : members) {
            m.applyFault();
        }
    }
}
