package org.keepalivedj.bfd;

import java.util.concurrent.CompletableFuture;
import org.keepalivedj.api.bfd.BfdStateListener;
import org.keepalivedj.api.bfd.BfdStateSource;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.HealthChecker;

/**
 * One BFD_CHECK: the real server is up while the named session is Up. It follows events (a session
 * change wakes the engine, which takes the verdict at once); at start it holds the server's start
 * state (up, or down with alpha) until the session first reports, as keepalived does, except that a
 * session already Up is taken at once.
 */
public final class BfdCheck implements HealthChecker {
    public static final String KIND = "BFD_CHECK";

    private final BfdStateSource sessions;
    private final String session;
    private volatile BfdStateListener listener;

    public BfdCheck(BfdStateSource sessions, String session) {
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
        BfdStateListener l = (name, up, at) -> {
            if (name.equals(session)) {
                wake.run();
            }
        };
        listener = l;
        sessions.addStateListener(l);
        if (sessions.isUp(session)) {
            wake.run();
        }
        return true;
    }

    @Override
    public void close() {
        BfdStateListener l = listener;
        if (l != null) {
            sessions.removeStateListener(l);
        }
    }
}
