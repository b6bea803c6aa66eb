package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.lvs.internal.FakeChecks.Answer;

/** Groups, fwmarks, thresholds, ha_suspend, dynamic weights, several checkers per server. */
class ServicesTest {

    @Test
    void aGroupExpandsIntoItsRangesAndMarksWithTheSameDestinations() throws Exception {
        Rig rig = new Rig().load("""
                virtual_server_group WEB {
                    192.0.2.10-12 80
                    fwmark 7
                    2001:db8::fe-100 443
                }
                virtual_server group WEB {
                    protocol TCP
                    lvs_sched wrr
                    persistence_timeout 300
                    real_server 10.0.0.1 80 {
                        weight 2
                        uthreshold 100
                        lthreshold 10
                        TCP_CHECK {
                        }
                    }
                }
                """);
        List<String> keys =
                rig.plane.last().stream().map(s -> s.key().toString()).toList();
        assertEquals(
                List.of(
                        "[192.0.2.10]:tcp:80",
                        "[192.0.2.11]:tcp:80",
                        "[192.0.2.12]:tcp:80",
                        "FWM 7 (inet)",
                        "[2001:db8::fe]:tcp:443",
                        "[2001:db8::ff]:tcp:443",
                        "[2001:db8::100]:tcp:443"),
                keys);
        for (ServiceSpec s : rig.plane.last()) {
            assertEquals("wrr", s.scheduler());
            assertEquals(300, s.persistenceTimeout().toSeconds());
            Destination d = s.destinations().get(0);
            assertEquals(InetAddress.getByName("10.0.0.1"), d.address());
            assertEquals(2, d.weight());
            assertEquals(100, d.upperThreshold());
            assertEquals(10, d.lowerThreshold());
        }
    }

    @Test
    void aFwmarkServiceHasItsMarkAndPortlessRealServers() {
        Rig rig = new Rig().load("""
                virtual_server fwmark 5 {
                    protocol TCP
                    real_server 10.0.0.1 {
                        TCP_CHECK {
                            connect_port 80
                        }
                    }
                }
                """);
        ServiceSpec s = rig.plane.last().get(0);
        assertEquals(5, s.key().fwmark());
        assertEquals(Family.INET, s.key().family());
        assertEquals(Map.of("10.0.0.1:0", 1), rig.plane.weights());
    }

    @Test
    void haSuspendHoldsTheChecksWhileTheAddressIsNotOnAMaster() throws Exception {
        Rig rig = new Rig();
        boolean[] master = {false};
        InetAddress vip = InetAddress.getByName("192.0.2.1");
        rig.engine.setMasterGate(a -> !a.equals(vip) || master[0]);
        rig.load("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    delay_loop 2
                    ha_suspend
                    real_server 10.0.0.1 80 {
                        TCP_CHECK {
                        }
                    }
                }
                """);
        rig.clock.advanceSeconds(5);
        assertTrue(rig.vs("192.0.2.1:80/tcp").suspended());
        assertEquals(List.of(), rig.checks.attempts("10.0.0.1:80"));

        master[0] = true;
        rig.engine.masterStateChanged();
        rig.clock.advanceSeconds(4.5);
        assertFalse(rig.vs("192.0.2.1:80/tcp").suspended());
        assertEquals(List.of(5.0, 7.0, 9.0), rig.checks.attempts("10.0.0.1:80"));

        rig.checks.set("10.0.0.1:80", Answer.DOWN);
        master[0] = false;
        rig.engine.masterStateChanged();
        rig.clock.advanceSeconds(10);
        assertEquals(3, rig.checks.attempts("10.0.0.1:80").size(), "no attempts while BACKUP");
        assertTrue(rig.rs("192.0.2.1:80/tcp", "10.0.0.1:80").up(), "the verdict is kept while suspended");
    }

    @Test
    void aDynamicWeightFromTheCheckerBecomesTheServersWeight() {
        Rig rig = new Rig();
        rig.checks.weight("10.0.0.1:80", 7);
        rig.load("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    delay_loop 1
                    real_server 10.0.0.1 80 {
                        weight 1
                        MISC_CHECK {
                            misc_path "/usr/local/bin/weigh"
                            misc_dynamic
                        }
                    }
                }
                """);
        rig.clock.runPending();
        assertEquals(Map.of("10.0.0.1:80", 7), rig.plane.weights());
        assertEquals(7, rig.rs("192.0.2.1:80/tcp", "10.0.0.1:80").weight());
        rig.checks.weight("10.0.0.1:80", 0);
        rig.clock.advanceSeconds(1);
        assertEquals(Map.of("10.0.0.1:80", 0), rig.plane.weights(), "weight 0 but still up");
        assertTrue(rig.rs("192.0.2.1:80/tcp", "10.0.0.1:80").up());
    }

    @Test
    void weightsFromSeveralDynamicChecksAddUpAsKeepalivedAddsThem() {
        // keepalived 2.2.7: each misc_dynamic check adds (exit status - 2 - configured weight), an exit 0
        // or a failure takes its part away again; the server's weight is configured + the parts.
        Rig rig = new Rig();
        rig.checks.weight("10.0.0.1:80", "/a", 12); // exit 14
        rig.checks.weight("10.0.0.1:80", "/b", 22); // exit 24
        rig.load("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    delay_loop 1
                    real_server 10.0.0.1 80 {
                        weight 2
                        MISC_CHECK {
                            misc_path /a
                            misc_dynamic
                        }
                        MISC_CHECK {
                            misc_path /b
                            misc_dynamic
                            retry 0
                        }
                    }
                }
                """);
        rig.clock.runPending();
        var rs = rig.rs("192.0.2.1:80/tcp", "10.0.0.1:80");
        assertEquals(2 + 10 + 20, rs.weight());
        assertEquals(Map.of("10.0.0.1:80", 32), rig.plane.weights());
        rig.checks.weight("10.0.0.1:80", "/a", null); // exit 0
        rig.clock.advanceSeconds(1);
        assertEquals(22, rs.weight(), "an exit 0 takes back what the check added");
        rig.checks.weight("10.0.0.1:80", "/a", 0); // exit 2: asks for 0, takes 2 away
        rig.clock.advanceSeconds(1);
        assertEquals(20, rs.weight());
        rig.checks.weight("10.0.0.1:80", "/b", null);
        rig.checks.set("10.0.0.1:80", "MISC_CHECK", Answer.DOWN);
        rig.clock.advanceSeconds(1);
        assertFalse(rs.up());
        rig.checks.set("10.0.0.1:80", "MISC_CHECK", Answer.UP);
        rig.clock.advanceSeconds(1);
        assertTrue(rs.up());
        assertEquals(0, rs.weight(), "/a asks for 0 again; /b's failure took its part away");
    }

    @Test
    void aServerWithSeveralCheckersIsUpOnlyWhenAllAreUp() {
        Rig rig = new Rig().load("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    delay_loop 1
                    real_server 10.0.0.1 80 {
                        TCP_CHECK {
                            retry 0
                        }
                        HTTP_GET {
                            retry 0
                            url {
                                path /health
                                status_code 200
                            }
                        }
                    }
                }
                """);
        var rs = rig.rs("192.0.2.1:80/tcp", "10.0.0.1:80");
        assertEquals(2, rs.checkers().size());
        rig.checks.set("10.0.0.1:80", "HTTP_GET", Answer.DOWN);
        rig.clock.advanceSeconds(1);
        assertFalse(rs.up());
        assertTrue(rs.checkers().get(0).up());
        assertFalse(rs.checkers().get(1).up());
        assertEquals(Map.of(), rig.plane.weights());
        rig.checks.set("10.0.0.1:80", "HTTP_GET", Answer.UP);
        rig.checks.set("10.0.0.1:80", "TCP_CHECK", Answer.DOWN);
        rig.clock.advanceSeconds(1);
        assertFalse(rs.up(), "now the other one is down");
        rig.checks.set("10.0.0.1:80", "TCP_CHECK", Answer.UP);
        rig.clock.advanceSeconds(1);
        assertTrue(rs.up());
        assertEquals(Map.of("10.0.0.1:80", 1), rig.plane.weights());
    }

    @Test
    void theVirtualServersWeightIsTheWeightOfRealServersThatSetNone() {
        Rig rig = new Rig().load("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    weight 5
                    real_server 10.0.0.1 80 {
                    }
                    real_server 10.0.0.2 80 {
                        weight 2
                    }
                }
                virtual_server 192.0.2.2 80 {
                    protocol TCP
                    real_server 10.0.0.3 80 {
                    }
                }
                """);
        assertEquals(5, rig.rs("192.0.2.1:80/tcp", "10.0.0.1:80").configuredWeight());
        assertEquals(2, rig.rs("192.0.2.1:80/tcp", "10.0.0.2:80").configuredWeight());
        assertEquals(1, rig.rs("192.0.2.2:80/tcp", "10.0.0.3:80").configuredWeight(), "keepalived's default: 1");
        assertEquals(Map.of("10.0.0.1:80", 5, "10.0.0.2:80", 2), rig.plane.weights());
    }

    @Test
    void aServerWithoutCheckersIsAlwaysUp() {
        Rig rig = new Rig().load("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    real_server 10.0.0.1 80 {
                        weight 4
                    }
                }
                """);
        assertTrue(rig.rs("192.0.2.1:80/tcp", "10.0.0.1:80").up());
        assertEquals(Map.of("10.0.0.1:80", 4), rig.plane.weights());
    }
}
