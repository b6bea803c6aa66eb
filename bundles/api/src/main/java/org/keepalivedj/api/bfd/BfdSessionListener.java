package org.keepalivedj.api.bfd;

/** Told of every state change of every BFD session, on the BFD thread: return quickly. */
@FunctionalInterface
public interface BfdSessionListener {
    /** session is the snapshot taken just after the change; from and to use RFC 5880's spelling. */
    void stateChanged(BfdSessionView session, String from, String to);
}
