package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.lvs.internal.FakeChecks.Answer;

/** delay_loop, retry, delay_before_retry, connect_timeout cut-off, warmup: on virtual time. */
class SchedulingTest {
    private static final String VS = "192.0.2.1:80/tcp";

    private static String conf(String checker) {
        return """
                virtual_server 192.0.2.1 80 {
                    delay_loop 10
                    lvs_sched rr
                    protocol TCP
                    real_server 10.0.0.1 80 {
                        weight 3
                        notify_down "/bin/down 10.0.0.1"
                        notify_up "/bin/up 10.0.0.1"
                        TCP_CHECK {
                %s
                        }
                    }
                    real_server 10.0.0.2 80 {
                        weight 1
                        TCP_CHECK {
                            connect_timeout 3
                        }
                    }
                }
                """.formatted(checker);
    }

    @Test
    void aFailingServerLeavesAfterItsRetriesAndComesBackOnTheNextSuccess() {
        Rig rig = new Rig().load(conf("connect_timeout 3\nretry 2\ndelay_before_retry 1"));
        assertEquals(Map.of("10.0.0.1:80", 3, "10.0.0.2:80", 1), rig.plane.weights());

        rig.clock.advanceSeconds(15);
        rig.checks.set("10.0.0.1:80", Answer.DOWN);
        double downAfter = rig.until(() -> !rig.rs(VS, "10.0.0.1:80").up(), 30);
        assertEquals(22.0, rig.clock.seconds(), 1e-9, "round at 20, retries at 21 and 22");
        assertEquals(7.0, downAfter, 1e-3);
        rig.clock.runPending();
        assertEquals(Map.of("10.0.0.2:80", 1), rig.plane.weights());
        assertEquals(List.of("/bin/down 10.0.0.1"), rig.notifier.scripts);
        assertEquals(List.of("RS [10.0.0.1]:tcp:80 [192.0.2.1]:tcp:80 DOWN"), rig.notifier.fifo);

        rig.clock.advanceSeconds(13); // t=35; a down server is checked once per delay_loop, no retries
        rig.checks.set("10.0.0.1:80", Answer.UP);
        rig.until(() -> rig.rs(VS, "10.0.0.1:80").up(), 30);
        assertEquals(42.0, rig.clock.seconds(), 1e-9);
        assertEquals(List.of(0.0, 10.0, 20.0, 21.0, 22.0, 32.0, 42.0), rig.checks.attempts("10.0.0.1:80"));
        rig.clock.runPending();
        assertEquals(Map.of("10.0.0.1:80", 3, "10.0.0.2:80", 1), rig.plane.weights());
        assertEquals(List.of("/bin/down 10.0.0.1", "/bin/up 10.0.0.1"), rig.notifier.scripts);
        assertEquals("RS [10.0.0.1]:tcp:80 [192.0.2.1]:tcp:80 UP", rig.notifier.fifo.get(1));
    }

    @Test
    void aHangingAttemptIsCutOffAtConnectTimeoutAndCancelled() {
        Rig rig = new Rig();
        rig.checks.set("10.0.0.1:80", Answer.HANG);
        rig.load(conf("connect_timeout 3\nretry 1\ndelay_before_retry 2"));
        rig.until(() -> !rig.rs(VS, "10.0.0.1:80").up(), 30);
        assertEquals(8.0, rig.clock.seconds(), 1e-9, "hang 0-3, retry at 5, hang 5-8");
        assertEquals(2, rig.checks.hung.size());
        assertTrue(rig.checks.hung.stream().allMatch(f -> f.isCancelled()), "hung attempts are cancelled");
        var status = rig.rs(VS, "10.0.0.1:80").checkers().get(0);
        assertEquals("timeout after 3s", status.lastDetail());
        assertEquals(2, status.failures());
        assertEquals(3.0, status.lastLatency().toMillis() / 1000.0, 1e-9);
    }

    @Test
    void aCheckerThatBoundsItsOwnAttemptsIsGivenThatLongNotConnectTimeout() {
        Rig rig = new Rig();
        rig.checks.set("10.0.0.1:80", Answer.HANG);
        rig.checks.attemptTimeouts.put("10.0.0.1:80", java.time.Duration.ofSeconds(11));
        rig.load(conf("connect_timeout 3\nretry 0"));
        rig.clock.advanceSeconds(8); // a script that takes 8 s, with misc_timeout 10
        assertTrue(rig.rs(VS, "10.0.0.1:80").up(), "still within the checker's own bound");
        rig.checks.hung.get(0).complete(org.keepalivedj.api.check.CheckResult.up("exited 0"));
        rig.clock.runPending();
        assertEquals("exited 0", rig.rs(VS, "10.0.0.1:80").checkers().get(0).lastDetail());
        assertEquals(0, rig.rs(VS, "10.0.0.1:80").checkers().get(0).failures());
        rig.until(() -> !rig.rs(VS, "10.0.0.1:80").up(), 60);
        assertEquals(
                "timeout after 11s", rig.rs(VS, "10.0.0.1:80").checkers().get(0).lastDetail());
    }

    @Test
    void aResultThatCameInTimeCountsEvenWhenItsHopIsBehindTheDeadline() {
        Rig rig = new Rig();
        rig.checks.set("10.0.0.1:80", Answer.HANG);
        rig.load(conf("connect_timeout 3\nretry 0"));
        // the checker answers at 2.9 s; its hand-over to the busy engine thread waits 0.5 s, past the deadline
        rig.clock.advanceSeconds(2.9);
        rig.clock.executeDelayNanos = 500_000_000L;
        rig.checks.hung.get(0).complete(org.keepalivedj.api.check.CheckResult.up("late hop"));
        rig.clock.advanceSeconds(0.2);
        assertTrue(rig.rs(VS, "10.0.0.1:80").up());
        assertEquals("late hop", rig.rs(VS, "10.0.0.1:80").checkers().get(0).lastDetail());
        assertEquals(0, rig.rs(VS, "10.0.0.1:80").checkers().get(0).failures());
    }

    @Test
    void theNextAttemptCountsFromWhenTheResultCameNotFromItsHopOntoTheEngineThread() {
        Rig rig = new Rig();
        rig.checks.set("10.0.0.1:80", Answer.HANG);
        rig.load(conf("connect_timeout 3"));
        // the checker answers at 1 s; its hand-over to the busy engine thread takes 0.5 s
        rig.clock.advanceSeconds(1.0);
        rig.clock.executeDelayNanos = 500_000_000L;
        rig.checks.set("10.0.0.1:80", Answer.UP);
        rig.checks.hung.get(0).complete(org.keepalivedj.api.check.CheckResult.up("answered"));
        rig.clock.advanceSeconds(1); // the hop is done
        var status = rig.rs(VS, "10.0.0.1:80").checkers().get(0);
        assertEquals("answered", status.lastDetail());
        assertEquals(1.0, status.lastLatency().toMillis() / 1000.0, 1e-9, "the attempt's own time, not the hop's");
        rig.clock.advanceSeconds(11);
        assertEquals(List.of(0.0, 11.0), rig.checks.attempts("10.0.0.1:80"), "delay_loop 10 after the answer at 1 s");
    }

    @Test
    void checkerTimingInheritsFromRealServerThenVirtualServerThenDefaults() {
        Rig rig = new Rig().load("""
                virtual_server 192.0.2.1 80 {
                    delay_loop 4
                    protocol TCP
                    connect_timeout 2
                    real_server 10.0.0.1 80 {
                        delay_loop 6
                        TCP_CHECK {
                        }
                    }
                    real_server 10.0.0.2 80 {
                        TCP_CHECK {
                            delay_loop 5
                        }
                    }
                }
                """);
        rig.clock.advanceSeconds(12.5);
        assertEquals(List.of(0.0, 6.0, 12.0), rig.checks.attempts("10.0.0.1:80"));
        assertEquals(List.of(0.0, 5.0, 10.0), rig.checks.attempts("10.0.0.2:80"));
        rig.checks.set("10.0.0.2:80", Answer.HANG);
        rig.clock.advanceSeconds(2.5); // attempt at 15 cut at 17 (the virtual server's connect_timeout)
        rig.clock.advanceSeconds(2);
        assertEquals(
                "timeout after 2s", rig.rs(VS, "10.0.0.2:80").checkers().get(0).lastDetail());
    }

    @Test
    void warmupSpreadsFirstAttemptsOverTheWarmupPeriod() {
        StringBuilder reals = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            reals.append("real_server 10.0.1.").append(i).append(" 80 {\nTCP_CHECK {\nwarmup 4\n}\n}\n");
        }
        Rig rig = new Rig().load("virtual_server 192.0.2.1 80 {\nprotocol TCP\ndelay_loop 10\n" + reals + "}\n");
        rig.clock.advanceSeconds(5);
        List<Double> firsts = rig.checks.attempts.values().stream()
                .map(l -> l.get(0))
                .sorted()
                .toList();
        assertEquals(50, firsts.size());
        assertTrue(firsts.get(0) >= 0 && firsts.get(49) < 4.0, "all within warmup: " + firsts);
        assertTrue(firsts.get(49) - firsts.get(0) > 2.0, "spread out, not all at once: " + firsts);
    }

    @Test
    void checkNowStartsAnAttemptAtOnce() {
        Rig rig = new Rig().load(conf("connect_timeout 3"));
        rig.clock.advanceSeconds(4);
        rig.rs(VS, "10.0.0.1:80").checkNow();
        rig.clock.runPending();
        assertEquals(List.of(0.0, 4.0), rig.checks.attempts("10.0.0.1:80"));
        rig.clock.advanceSeconds(10.5);
        assertEquals(
                List.of(0.0, 4.0, 14.0), rig.checks.attempts("10.0.0.1:80"), "the loop restarts from the forced check");
    }

    @Test
    void aRefusingPlaneIsRetried() {
        Rig rig = new Rig();
        rig.plane.failNext = true;
        rig.load(conf("connect_timeout 3"));
        assertTrue(rig.plane.applied.isEmpty());
        rig.clock.advanceSeconds(1.0);
        assertFalse(rig.plane.applied.isEmpty(), "applied again 1 s later");
        assertEquals(Map.of("10.0.0.1:80", 3, "10.0.0.2:80", 1), rig.plane.weights());
    }
}
