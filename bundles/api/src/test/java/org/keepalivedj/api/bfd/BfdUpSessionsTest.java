package org.keepalivedj.api.bfd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BfdUpSessionsTest {
    private static BfdSessionView session(String name, String state) {
        return new BfdSessionView(
                name,
                InetAddress.getLoopbackAddress(),
                null,
                false,
                state,
                state,
                1,
                2,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(3),
                0,
                0,
                0,
                0,
                0,
                "No Diagnostic",
                Instant.EPOCH);
    }

    @Test
    void boundSessionsReplaceWhatWasUpAndOnlyUpChangesCount() {
        BfdUpSessions up = new BfdUpSessions();
        assertFalse(up.isUp("a"), "nothing is Up before the listener is bound");

        up.bound(List.of(session("a", "Up"), session("b", "Down")));
        assertTrue(up.isUp("a"));
        assertFalse(up.isUp("b"));

        assertFalse(up.changed(session("b", "Init"), "Down", "Init"), "Down to Init leaves it down");
        assertFalse(up.isUp("b"));
        assertTrue(up.changed(session("b", "Up"), "Init", "Up"));
        assertTrue(up.isUp("b"));
        assertTrue(up.changed(session("a", "Down"), "Up", "Down"));
        assertFalse(up.isUp("a"));

        up.bound(List.of(session("a", "Up")));
        assertTrue(up.isUp("a"));
        assertFalse(up.isUp("b"), "a session not Up at the next bind is no longer counted Up");
    }
}
