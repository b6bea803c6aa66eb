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
    private InstanceState state = InstanceState.INIT;

    SyncGroupCoordinator(String name) {
        this.name = name;
    }

    void add(VrrpStateMachine member) {
        members.add(member);
        member.joinGroup(this);
    }

    void remove(VrrpStateMachine member) {
        members.remove(member);
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

    /**
     * The group's own state, as its notify scripts see it: FAULT when any member is faulty, else
     * MASTER, BACKUP or STOP once every member is in it. Returns the new state when it changed,
     * null otherwise.
     */
    InstanceState recompute() {
        InstanceState now = state;
        if (members.stream().anyMatch(m -> m.state() == InstanceState.FAULT)) {
            now = InstanceState.FAULT;
        } else {
            for (InstanceState s : List.of(InstanceState.MASTER, InstanceState.BACKUP, InstanceState.STOP)) {
                if (!members.isEmpty() && members.stream().allMatch(m -> m.state() == s)) {
                    now = s;
                }
            }
        }
        if (now == state) {
            return null;
        }
        state = now;
        return now;
    }

    InstanceState state() {
        return state;
    }

    void faultChanged() {
        for (VrrpStateMachine m : members) {
            m.applyFault();
        }
    }
}
