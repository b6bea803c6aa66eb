package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** global_defs checker_log_all_failures and rs_init_notifies, as keepalived 2.2.7 applies them. */
class CheckerGlobalsTest {
    private static final String SERVERS = """
            virtual_server 192.0.2.1 80 {
                protocol TCP
                real_server 10.0.0.1 80 {
                    notify_up /bin/up1
                    TCP_CHECK {
                    }
                }
                real_server 10.0.0.2 80 {
                    notify_up /bin/up2
                    TCP_CHECK {
                        alpha
                    }
                }
            }
            """;

    private static CheckerRun firstRun(Rig rig, String rs) {
        return ((RealServerState) rig.rs("192.0.2.1:80/tcp", rs)).runs().get(0);
    }

    @Test
    void checkerLogAllFailuresLogsEveryFailedAttemptOfEveryCheck() {
        Rig quiet = new Rig().load(SERVERS);
        assertFalse(firstRun(quiet, "10.0.0.1:80").logsEveryFailure());

        Rig rig = new Rig().load("global_defs {\n    checker_log_all_failures true\n}\n" + SERVERS);
        assertTrue(firstRun(rig, "10.0.0.1:80").logsEveryFailure());
        assertTrue(firstRun(rig, "10.0.0.2:80").logsEveryFailure());

        rig.load(SERVERS);
        assertFalse(firstRun(rig, "10.0.0.1:80").logsEveryFailure(), "a reload that drops it stops it");
    }

    @Test
    void rsInitNotifiesRunsTheUpNotificationsOfServersThatStartUp() {
        Rig silent = new Rig();
        silent.checks.set("10.0.0.2:80", FakeChecks.Answer.DOWN);
        silent.load(SERVERS);
        assertEquals(List.of(), silent.notifier.scripts, "keepalived's start is silent without it");
        assertEquals(List.of(), silent.notifier.fifo);

        Rig rig = new Rig();
        rig.checks.set("10.0.0.2:80", FakeChecks.Answer.DOWN);
        rig.load("global_defs {\n    rs_init_notifies\n}\n" + SERVERS);
        // 10.0.0.2 starts down (alpha): nothing for it, as keepalived
        assertEquals(List.of("/bin/up1"), rig.notifier.scripts);
        assertEquals(List.of("RS [10.0.0.1]:tcp:80 [192.0.2.1]:tcp:80 UP"), rig.notifier.fifo);

        // a server a reload adds starts up too
        rig.load("global_defs {\n    rs_init_notifies\n}\n"
                + SERVERS.replace(
                        "    real_server 10.0.0.2 80 {",
                        "    real_server 10.0.0.3 80 {\n"
                                + "        notify_up /bin/up3\n    }\n    real_server 10.0.0.2 80 {"));
        assertEquals(List.of("/bin/up1", "/bin/up3"), rig.notifier.scripts);
    }
}
