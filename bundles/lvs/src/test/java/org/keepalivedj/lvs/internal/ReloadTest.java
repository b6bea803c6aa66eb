package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.AdminState;
import org.keepalivedj.lvs.internal.FakeChecks.Answer;

/** Reload by diff: unchanged real servers keep their state, checkers and schedule. */
class ReloadTest {
    private static final String VS = "192.0.2.1:80/tcp";

    private static final String BASE = """
            virtual_server 192.0.2.1 80 {
                protocol TCP
                delay_loop 3
                real_server 10.0.0.1 80 {
                    notify_down /bin/down1
                    notify_up /bin/up1
                    TCP_CHECK {
                        retry 0
                    }
                }
                real_server 10.0.0.2 80 {
                    weight 2
                    TCP_CHECK {
                        retry 0
                    }
                }
            }
            virtual_server 192.0.2.2 80 {
                protocol TCP
                real_server 10.0.0.9 80 {
                }
            }
            """;

    @Test
    void unchangedServersKeepTheirStateAndScheduleAcrossAReload() {
        Rig rig = new Rig().load(BASE);
        rig.checks.set("10.0.0.1:80", Answer.DOWN);
        rig.clock.advanceSeconds(3.5);
        assertFalse(rig.rs(VS, "10.0.0.1:80").up());
        rig.rs(VS, "10.0.0.2:80").drain();
        int created = rig.checks.created;
        var vsBefore = rig.vs(VS);

        String next = BASE.replace("weight 2", "weight 5")
                .replace(
                        "    real_server 10.0.0.2 80 {",
                        "    real_server 10.0.0.3 80 {\n TCP_CHECK {\n}\n}\n    real_server 10.0.0.2 80 {")
                .replace(
                        "virtual_server 192.0.2.2 80 {\n    protocol TCP\n    real_server 10.0.0.9 80 {\n    }\n}\n",
                        "");
        rig.clock.advanceSeconds(0.5); // t=4
        rig.load(next);

        assertEquals(created + 1, rig.checks.created, "only the new server gets a checker");
        assertTrue(rig.vs(VS) == vsBefore, "the same virtual server carries on");
        assertFalse(rig.rs(VS, "10.0.0.1:80").up(), "still down, without a new check");
        assertEquals(AdminState.DRAIN, rig.rs(VS, "10.0.0.2:80").adminState(), "admin state survives");
        assertEquals(
                List.of(),
                rig.notifier.scripts.stream().filter(s -> s.equals("/bin/up1")).toList());
        assertEquals(
                List.of("10.0.0.1:80", "10.0.0.3:80", "10.0.0.2:80"),
                rig.vs(VS).realServers().stream().map(r -> r.key()).toList(),
                "config order");
        assertEquals(1, rig.plane.last().size(), "the removed virtual server's service is gone");
        assertEquals(Map.of("10.0.0.2:80", 0, "10.0.0.3:80", 1), rig.plane.weights());

        rig.clock.advanceSeconds(2.5); // t=6.5: 10.0.0.1's loop goes on from t=3
        assertEquals(List.of(0.0, 3.0, 6.0), rig.checks.attempts("10.0.0.1:80"));
        rig.rs(VS, "10.0.0.2:80").enable();
        rig.clock.runPending();
        assertEquals(5, rig.plane.weights().get("10.0.0.2:80"), "the new configured weight");
    }

    @Test
    void aChangedCheckerBlockGetsANewCheckerAndTheOthersStay() {
        Rig rig = new Rig().load(BASE);
        int created = rig.checks.created;
        int closed = rig.checks.closed;
        rig.load(BASE.replaceFirst("retry 0", "retry 0\nconnect_timeout 2"));
        assertEquals(created + 1, rig.checks.created);
        assertEquals(closed + 1, rig.checks.closed);
        assertTrue(rig.rs(VS, "10.0.0.1:80").up());
    }

    @Test
    void checkersInheritTheVirtualhostAndAreRebuiltWhenItChanges() {
        // keepalived: the real server's virtualhost, else the virtual server's (a checker's own comes first)
        String withHost = BASE.replace(
                        "    protocol TCP\n    delay_loop 3\n",
                        "    protocol TCP\n    delay_loop 3\n    virtualhost vs.example\n")
                .replace("        weight 2\n", "        weight 2\n        virtualhost rs.example\n");
        Rig rig = new Rig().load(withHost);
        assertEquals(Map.of("10.0.0.1:80", "vs.example", "10.0.0.2:80", "rs.example"), rig.checks.virtualhosts);

        int created = rig.checks.created;
        rig.load(withHost.replace("vs.example", "other.example"));
        assertEquals(
                created + 1, rig.checks.created, "only the server that inherits from the virtual server is rebuilt");
        assertEquals(Map.of("10.0.0.1:80", "other.example", "10.0.0.2:80", "rs.example"), rig.checks.virtualhosts);

        rig.load(BASE);
        assertEquals(Map.of("10.0.0.1:80", "-", "10.0.0.2:80", "-"), rig.checks.virtualhosts);
    }

    @Test
    void aRemovedServerIsForgottenAndComesBackFresh() {
        Rig rig = new Rig().load(BASE);
        rig.rs(VS, "10.0.0.2:80").maintenance();
        rig.clock.runPending();
        String without = BASE.replace(
                "    real_server 10.0.0.2 80 {\n        weight 2\n        TCP_CHECK {\n            retry 0\n        }\n    }\n",
                "");
        rig.load(without);
        assertTrue(rig.vs(VS).realServer("10.0.0.2:80").isEmpty());
        rig.load(BASE);
        assertEquals(AdminState.ENABLED, rig.rs(VS, "10.0.0.2:80").adminState());
    }

    @Test
    void aChangedCheckerThatCannotBeCreatedLeavesTheRunningCheckInPlace() {
        Rig rig = new Rig().load(BASE);
        var rs = rig.rs(VS, "10.0.0.1:80");
        rig.checks.set("10.0.0.1:80", Answer.DOWN);
        rig.until(() -> !rs.up(), 10);
        int attempts = rig.checks.attempts("10.0.0.1:80").size();

        rig.checks.refused.add("10.0.0.1:80");
        java.util.List<String> notApplied = rig.engine.apply(Rig.parse(BASE.replaceFirst("retry 0", "retry 2")));

        assertEquals(1, notApplied.size(), notApplied.toString());
        assertTrue(
                notApplied.get(0).startsWith("test.conf:7:")
                        && notApplied.get(0).contains("TCP_CHECK"),
                notApplied.toString());
        assertFalse(rs.up(), "the running check's verdict stays");
        assertTrue(rs.checkers().get(0).running());
        rig.clock.advanceSeconds(7);
        assertTrue(rig.checks.attempts("10.0.0.1:80").size() > attempts, "the running check goes on");

        // the factory accepts it now: the same config applies in full
        rig.checks.refused.clear();
        assertEquals(java.util.List.of(), rig.engine.apply(Rig.parse(BASE.replaceFirst("retry 0", "retry 2"))));
    }

    /**
     * The plan names every change the reload then makes: a weight, a check rebuilt for a new timeout, a
     * check added, a real server added and one removed, a virtual server removed; the checks it says are
     * built are the checkers the reload creates, and a second plan finds nothing left to do.
     */
    @Test
    void thePlanIsWhatTheReloadDoes() {
        Rig rig = new Rig().load(BASE);
        int created = rig.checks.created;
        String next = BASE.replace("weight 2", "weight 5")
                .replace(
                        "    real_server 10.0.0.1 80 {\n        notify_down /bin/down1\n        notify_up /bin/up1\n"
                                + "        TCP_CHECK {\n            retry 0\n        }\n",
                        "    real_server 10.0.0.1 80 {\n        notify_down /bin/down1\n        notify_up /bin/up1\n"
                                + "        TCP_CHECK {\n            retry 0\n            connect_timeout 3\n        }\n")
                .replace("    real_server 10.0.0.9 80 {\n    }\n", "    real_server 10.0.0.8 80 {\n    }\n")
                .replace(
                        "    real_server 10.0.0.2 80 {\n        weight 5\n        TCP_CHECK {\n            retry 0\n        }\n",
                        "    real_server 10.0.0.2 80 {\n        weight 5\n        TCP_CHECK {\n            retry 0\n        }\n"
                                + "        TCP_CHECK {\n            retry 1\n        }\n");
        var config = Rig.parse(next);
        var plan = rig.engine.plan(config);
        assertEquals(
                java.util.List.of(
                        "change [10.0.0.1]:tcp:80 of [192.0.2.1]:tcp:80: TCP_CHECK + rebuilt",
                        "change [10.0.0.2]:tcp:80 of [192.0.2.1]:tcp:80: weight 2 -> 5",
                        "change [10.0.0.2]:tcp:80 of [192.0.2.1]:tcp:80: TCP_CHECK + added",
                        "remove [10.0.0.9]:tcp:80 of [192.0.2.2]:tcp:80",
                        "add [10.0.0.8]:tcp:80 of [192.0.2.2]:tcp:80"),
                plan.changes().stream()
                        .map(org.keepalivedj.api.daemon.ReloadPlan.Change::line)
                        .toList(),
                plan.text());

        rig.engine.apply(config);
        assertEquals(created + 2, rig.checks.created, "one checker rebuilt, one added: " + plan.text());
        assertEquals(5, rig.rs(VS, "10.0.0.2:80").configuredWeight());
        assertTrue(rig.engine.plan(config).isEmpty(), rig.engine.plan(config).text());
    }

    /** A reload that changes only the SSL block builds the SSL_GET checks anew, and only those. */
    @Test
    void aReloadOfTheSslBlockAloneRebuildsTheChecksThatUseIt() {
        String conf = """
                SSL {
                    ca /etc/ssl/ca-one.pem
                }
                virtual_server 192.0.2.1 443 {
                    protocol TCP
                    real_server 10.0.0.1 443 {
                        SSL_GET {
                            url {
                                path /
                                status_code 200
                            }
                        }
                        TCP_CHECK {
                        }
                    }
                    real_server 10.0.0.2 443 {
                        TCP_CHECK {
                        }
                    }
                }
                """;
        Rig rig = new Rig().load(conf);
        var rs = rig.rs("192.0.2.1:443/tcp", "10.0.0.1:443");
        var tcpBefore = rs.checkers().get(1);
        int created = rig.checks.created;
        // the same SSL block on other lines is no change
        String moved = "\n\n" + conf;
        assertTrue(
                rig.engine.plan(Rig.parse(moved)).isEmpty(),
                rig.engine.plan(Rig.parse(moved)).text());

        var next = Rig.parse(conf.replace("ca-one.pem", "ca-two.pem"));
        var plan = rig.engine.plan(next);
        assertEquals(
                List.of("change [10.0.0.1]:tcp:443 of [192.0.2.1]:tcp:443: SSL_GET + rebuilt"),
                plan.changes().stream()
                        .map(org.keepalivedj.api.daemon.ReloadPlan.Change::line)
                        .toList(),
                plan.text());
        rig.engine.apply(next);
        rig.clock.runPending();
        assertEquals(created + 1, rig.checks.created, "the SSL_GET check only");
        assertEquals(tcpBefore.kind(), rs.checkers().get(1).kind());
        assertTrue(rig.engine.plan(next).isEmpty(), rig.engine.plan(next).text());
    }
}
