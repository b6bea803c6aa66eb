package org.keepalivedj.api.bfd;

import java.util.List;
import java.util.Optional;

/**
 * The running BFD sessions: published as one OSGi service by the bfd bundle. Their state changes go
 * to every {@link BfdSessionListener} service (the whiteboard); what tracks sessions (VRRP's
 * track_bfd, BFD_CHECK) follows them that way.
 */
public interface BfdRuntime {

    /** Snapshots of the sessions now running, in config order. */
    List<BfdSessionView> sessions();

    default Optional<BfdSessionView> session(String name) {
        return sessions().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Packets dropped before reaching a session: malformed, or matching no session. */
    long packetsDroppedUnmatched();
}
