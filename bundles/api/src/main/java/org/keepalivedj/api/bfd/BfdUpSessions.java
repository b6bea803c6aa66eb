package org.keepalivedj.api.bfd;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of the BFD sessions that are Up, as a {@link BfdSessionListener} hears them: what
 * everything that tracks sessions (track_bfd, BFD_CHECK) keeps. Empty until the listener is bound,
 * so that every session counts as down. Written on the BFD thread, read on any.
 */
public final class BfdUpSessions {
    private final Set<String> up = ConcurrentHashMap.newKeySet();

    /** Starts from the sessions as they are when the listener is bound ({@link BfdSessionListener#bound}). */
    public void bound(List<BfdSessionView> sessions) {
        Set<String> now = Set.copyOf(sessions.stream()
                .filter(BfdSessionView::up)
                .map(BfdSessionView::name)
                .toList());
        up.addAll(now);
        up.retainAll(now);
    }

    /**
     * Follows one change ({@link BfdSessionListener#stateChanged}); whether it made the session Up or
     * ended its being Up, the only changes a tracker acts on.
     */
    public boolean changed(BfdSessionView session, String from, String to) {
        if (!BfdSessionListener.upChanged(from, to)) {
            return false;
        }
        if ("Up".equals(to)) {
            up.add(session.name());
        } else {
            up.remove(session.name());
        }
        return true;
    }

    public boolean isUp(String session) {
        return up.contains(session);
    }
}
