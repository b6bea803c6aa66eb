package org.keepalivedj.bfd.internal;

import java.util.concurrent.CompletableFuture;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.HealthChecker;

/**
 * One BFD_CHECK: the real server is up while the named session is Up. It follows events (a session
 * change wakes the engine, which takes the verdict at once); at start it holds the server's start
 * state (up, or down with alpha) until the session first reports, as keepalived does, except that a
 * session already Up is taken at once. Its factory hears the sessions and wakes it.
 */
final class BfdCheck implements HealthChecker {
    static final String KIND = "BFD_CHECK";

    private final BfdCheckFactory sessions;
    private final String session;
    private volatile Runnable wake;

    BfdCheck(BfdCheckFactory sessions, String session) {
        this.sessions = sessions;
        this.session = session;
    }

    @Override
    public CompletableFuture<CheckResult> check() {
        return CompletableFuture.completedFuture(
                sessions.isUp(session)
                        ? CheckResult.up("BFD session " + session + " is Up")
                        : CheckResult.down("BFD session " + session + " is down"));
    }

    @Override
    public boolean followEvents(Runnable wake) {
        this.wake = wake;
        sessions.follow(this);
        if (sessions.isUp(session)) {
            wake.run();
        }
        return true;
    }

    /** The session became Up or stopped being Up (any thread). */
    void changed(String name) {
        Runnable w = wake;
        if (w != null && name.equals(session)) {
            w.run();
        }
    }

    String session() {
        return session;
    }

    @Override
    public void close() {
        sessions.unfollow(this);
    }
}
