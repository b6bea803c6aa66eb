package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;

/** What the nftables data plane cannot carry out is refused at load, at its keyword, naming the plane. */
class DataPlaneLimitsTest {
    @TempDir
    Path dir;

    private static final String CONF = """
            global_defs {
                lvs_timeouts tcp 900
                lvs_sync_daemon eth0 VI_1
            }
            virtual_server 192.0.2.1 80 {
                protocol TCP
                lvs_sched sh
                flag-1
                sh-fallback
                sh-port
                ops
                persistence_engine sip
                real_server 10.0.0.1 80 {
                    lvs_method DR
                    uthreshold 100
                    lthreshold 0
                }
            }
            virtual_server 192.0.2.1 53 {
                protocol UDP
                lvs_method TUN
                ops
                flag-2 false
                sorry_server_lvs_method NAT
                real_server 10.0.0.2 53 {
                }
            }
            """;

    private static List<String> errors(String conf, String plane) {
        KeepalivedConfigLoader loader =
                KeepalivedConfigLoader.withBuiltinCheckers().forDataPlane(plane);
        try {
            loader.load(conf, "test.conf", Path.of("."));
            return List.of();
        } catch (ConfigException e) {
            return e.problems().stream()
                    .filter(ConfigProblem::isError)
                    .map(ConfigProblem::toString)
                    .toList();
        }
    }

    @Test
    void theNftablesPlaneRefusesEachOptionItCannotCarryOutAtItsLine() {
        List<String> errors = errors(CONF, "nft");
        String plane = "the nftables data plane (data.plane in etc/org.keepalivedj.cfg)";
        List<String> expected = List.of(
                "test.conf:2:5: lvs_timeouts: " + plane + " has no IPVS lvs_timeouts",
                "test.conf:3:5: lvs_sync_daemon: " + plane + " has no IPVS lvs_sync_daemon",
                "test.conf:8:5: flag-1: " + plane + " has no numbered scheduler flags",
                "test.conf:12:5: persistence_engine: " + plane + " has no persistence engine (sip)",
                "test.conf:14:9: lvs_method: " + plane + " forwards by NAT only (lvs_method DR needs IPVS)",
                "test.conf:15:9: uthreshold: " + plane + " cannot count a real server's connections",
                "test.conf:21:5: lvs_method: " + plane + " forwards by NAT only (lvs_method TUN needs IPVS)");
        assertEquals(expected.size(), errors.size(), String.join("\n", errors));
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(errors.get(i).startsWith(expected.get(i)), errors.get(i) + "\n  expected " + expected.get(i));
            assertTrue(errors.get(i).endsWith("; use data.plane = ipvs"), errors.get(i));
        }
    }

    @Test
    void ipvsAndNoPlaneTakeTheSameFile() {
        assertEquals(List.of(), errors(CONF, "ipvs"));
        assertEquals(List.of(), errors(CONF, null));
    }

    @Test
    void whatTheNftablesPlaneDoesPasses() {
        assertEquals(List.of(), errors("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched mh
                    mh-port
                    mh-fallback
                    ops
                    lvs_method NAT
                    real_server 10.0.0.1 80 {
                        uthreshold 0
                    }
                }
                """, "nft"));
    }

    @Test
    void opsOnAUdpServiceWhoseRealServersAreItsOwnPasses() {
        assertEquals(List.of(), errors("""
                virtual_server 192.0.2.1 53 {
                    protocol UDP
                    lvs_sched wrr
                    ops
                    real_server 10.0.0.1 53 {
                    }
                    real_server 10.0.0.2 5353 {
                    }
                }
                virtual_server 192.0.2.1 54 {
                    protocol UDP
                    ops
                    real_server 10.0.0.1 54 {
                    }
                }
                virtual_server 192.0.2.2 53 {
                    protocol TCP
                    real_server 10.0.0.1 53 {
                    }
                }
                """, "nft"));
    }

    @Test
    void opsIsRefusedWhereRepliesCouldNotBeMappedBack() {
        String plane = "ops: the nftables data plane (data.plane in etc/org.keepalivedj.cfg) ";
        List<String> errors = errors("""
                virtual_server_group DNS {
                    192.0.2.10-11 53
                }
                virtual_server_group MARKS {
                    fwmark 5
                }
                virtual_server fwmark 4 {
                    ops
                    real_server 10.0.0.1 53 {
                    }
                }
                virtual_server group DNS {
                    protocol UDP
                    ops
                    real_server 10.0.0.2 53 {
                    }
                }
                virtual_server group MARKS {
                    protocol UDP
                    ops
                    real_server 10.0.0.3 53 {
                    }
                }
                virtual_server 192.0.2.1 0 {
                    protocol UDP
                    persistence_timeout 60
                    ops
                    real_server 10.0.0.4 53 {
                    }
                }
                virtual_server 192.0.2.1 53 {
                    protocol UDP
                    ops
                    real_server 10.0.0.5 53 {
                    }
                }
                virtual_server 192.0.2.2 53 {
                    protocol UDP
                    real_server 10.0.0.5 {
                    }
                }
                """, "nft");
        List<String> expected = List.of(
                "test.conf:8:5: " + plane + "cannot give the replies of a firewall-mark service",
                "test.conf:14:5: " + plane + "does not schedule datagrams one at a time (ops) for a group of 2"
                        + " virtual addresses and ports",
                "test.conf:20:5: " + plane + "cannot give the replies of a firewall-mark service",
                "test.conf:27:5: " + plane + "does not schedule datagrams one at a time (ops) for an all-ports service",
                "test.conf:33:5: " + plane + "tells the replies of one-packet scheduling (ops) apart by real server"
                        + " address and port only, and real server 10.0.0.5:53 also serves virtual_server 192.0.2.2:53"
                        + " (test.conf:37:1)");
        assertEquals(expected.size(), errors.size(), String.join("\n", errors));
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(errors.get(i).startsWith(expected.get(i)), errors.get(i) + "\n  expected " + expected.get(i));
            assertTrue(errors.get(i).endsWith("; use data.plane = ipvs"), errors.get(i));
        }
    }

    @Test
    void configToolTakesTheDataPlaneSettingAndSaysWhy() throws Exception {
        Path f = Files.writeString(dir.resolve("keepalived.conf"), CONF);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ConfigTool tool = new ConfigTool(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ConfigTool.CANNOT_RUN, tool.run("check", f.toString(), "--data-plane", "nft"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(f + ":14:9: lvs_method: the nftables data plane"), text);
        err.reset();
        assertTrue(tool.run("check", f.toString(), "--data-plane", "ipvs") != ConfigTool.CANNOT_RUN);
        assertTrue(!err.toString(StandardCharsets.UTF_8).contains("data plane"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void autoIsWhatTheDaemonWouldChooseHere() {
        boolean ipvs = Files.exists(Path.of("/proc/net/ip_vs"));
        if (!ipvs) {
            // without /proc/net/ip_vs, auto is ipvs only when the kernel has the module to load
            assertTrue(List.of("ipvs", "nft").contains(DataPlaneLimits.resolve("auto")));
        } else {
            assertEquals("ipvs", DataPlaneLimits.resolve("auto"));
        }
        assertEquals("nft", DataPlaneLimits.resolve(" NFT "));
        assertEquals("none", DataPlaneLimits.resolve("none"));
    }
}
