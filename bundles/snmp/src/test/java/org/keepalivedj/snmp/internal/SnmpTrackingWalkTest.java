package org.keepalivedj.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * KEEPALIVED-MIB's tracked BFD and process tables (instance and sync group), vrrpBfdTable,
 * vrrpProcessTable, and the route and rule columns of metrics, realms, suppress, uid range and
 * l3mdev: keepalived 2.2.7 and keepalived-j on the same config, each in its own namespace behind its
 * own snmpd, with a keepalived 2.2.7 BFD neighbour in a namespace of its own (so one session is Up,
 * the others Down), walked and compared OID by OID.
 */
@RequiresRoot
class SnmpTrackingWalkTest {

    /**
     * The tracked processes do not run: keepalived 2.2.7 cannot follow processes in a network
     * namespace (its proc connector socket is refused: "Failed to set/clear process event listen"),
     * so it counts 0 for any process there; keepalived-j's counts are checked against running
     * processes in {@link #theProcessTableFollowsTheProcesses}.
     */
    static final String CONFIG = """
            global_defs {
              router_id lab1
              enable_snmp_vrrp
              snmp_socket SOCKET
            }
            vrrp_track_process tp_gone {
              process kjsn-no-such-process 100
              weight 7 reverse
            }
            vrrp_track_process tp_initial {
              full_command
              param_match initial
              process /usr/bin/kjsn-none "1 2"
              quorum 2
              delay 4
            }
            vrrp_track_process tp_partial {
              process kjsn-none 5 6
              param_match partial
              weight -4
              quorum_max 3
              fork_delay 2
              terminate_delay 3
            }
            vrrp_track_process tp_unused {
              process unused
              full_command
            }
            vrrp_track_process tp_unused2 {
              process unused2
            }
            bfd_instance bfd_up {
              neighbor_ip 10.9.0.2
              source_ip 10.9.0.1
              min_rx 500
              min_tx 500
              weight -6
            }
            bfd_instance bfd_down {
              neighbor_ip 10.9.0.3
              weight 4 reverse
            }
            bfd_instance bfd_checker {
              neighbor_ip 10.9.0.4
              checker
            }
            static_routes {
              10.9.6.0/24 via 10.9.0.254 dev veth0 mtu lock 1400 window 1000 cwnd lock 20 ssthresh 30 reordering 3 initcwnd 10 initrwnd 11 quickack 1 fastopen_no_cookie 1 realms 3/4
              10.9.10.0/24 dev veth0 advmss lock 1300 realms 7
              10.9.11.0/24 dev veth0 hoplimit 5 metric 9 ssthresh lock 31 reordering lock 4
            }
            static_rules {
              from 10.9.6.0/24 table 100 priority 100 realms 3/5 suppress_ifgroup 3
              from 10.9.7.0/24 fwmark 0x10/0xff iif veth0 oif lo goto 100 priority 99
              from 10.9.8.0/24 to 10.9.9.0/24 not table 100 priority 98
              from 10.9.9.0/24 table 100 priority 101 uidrange 10-20 ipproto tcp sport 1000-2000 dport 80-81 suppress_prefixlength 8
              to 10.9.5.0/24 priority 102 l3mdev
            }
            vrrp_sync_group G1 {
              group {
                VI_1
                VI_2
              }
              sync_group_tracking_weight
              track_process {
                tp_partial weight 2
              }
              track_bfd {
                bfd_up weight 3
              }
            }
            vrrp_instance VI_1 {
              state BACKUP
              interface veth0
              virtual_router_id 51
              priority 150
              advert_int 1
              virtual_ipaddress {
                192.0.2.100/24
              }
            }
            vrrp_instance VI_2 {
              state BACKUP
              interface veth0
              virtual_router_id 52
              priority 100
              advert_int 1
              virtual_ipaddress {
                192.0.2.101/24
              }
            }
            vrrp_instance VI_3 {
              state BACKUP
              interface veth0
              virtual_router_id 53
              priority 200
              advert_int 1
              virtual_ipaddress {
                192.0.2.103/32
              }
              track_process {
                tp_gone weight 5
                tp_initial weight 3
              }
              track_bfd {
                bfd_up
                bfd_down weight 4
              }
            }
            """;

    /**
     * The neighbour of bfd_up: keepalived 2.2.7's BFD alone, on the other end of veth0. Both ends
     * send every 500 ms (detection 2.5 s), not keepalived's default 10 ms, so that a loaded machine
     * does not take the session down between the wait and the walk.
     */
    static final String BFD_PEER = """
            bfd_instance peer {
              neighbor_ip 10.9.0.1
              source_ip 10.9.0.2
              min_rx 500
              min_tx 500
            }
            """;

    private static final String TREE = ".1.3.6.1.4.1.9586.100.5";
    private static final String VRRP = TREE + ".2.";
    private static final String BFD_RESULT = VRRP + "18.1.3.1";

    /**
     * Where keepalived 2.2.7's answer is plainly wrong, keepalived-j answers what the route has:
     * keepalived never answers vrrpRouteAdvmss (column 25) for a route with advmss (row 2; it does
     * answer vrrpRouteAdvmssLock), and answers it, as 0, for a route with hoplimit (row 3).
     */
    static final List<String> ONLY_OURS = List.of(VRRP + "7.1.25.0.2");

    static final List<String> ONLY_KEEPALIVEDS = List.of(VRRP + "7.1.25.0.3");

    /**
     * vrrpTrackedBfdTable, vrrpBfdTable, vrrpSyncTrackedBfdTable, vrrpTrackedProcessTable,
     * vrrpProcessTable, vrrpSyncTrackedProcessTable, and the route and rule columns this config sets.
     */
    static final List<String> FILLED = List.of(
            VRRP + "17.1.",
            VRRP + "18.1.",
            VRRP + "19.1.",
            VRRP + "20.1.",
            VRRP + "21.1.",
            VRRP + "22.1.",
            VRRP + "7.1.22.0.1",
            VRRP + "7.1.24.0.3",
            VRRP + "7.1.26.0.2",
            VRRP + "7.1.44.0.1",
            VRRP + "7.1.45.0.1",
            VRRP + "7.1.55.0.1",
            VRRP + "8.1.18.0.1",
            VRRP + "8.1.19.0.1",
            VRRP + "8.1.26.0.4",
            VRRP + "8.1.27.0.1",
            VRRP + "8.1.30.0.4",
            VRRP + "8.1.32.0.5");

    @TempDir
    Path dir;

    @Test
    void trackedBfdProcessRouteAndRuleColumnsAreTheSameAsKeepalived227s() throws Exception {
        try (SnmpLab k = SnmpLab.create("kjsn-trk-k", dir.resolve("k"));
                SnmpLab j = SnmpLab.create("kjsn-trk-j", dir.resolve("j"))) {
            for (SnmpLab lab : List.of(k, j)) {
                lab.startSnmpd();
                // the neighbour first: moving veth1 into its namespace takes veth0's carrier down for a moment
                lab.startBfdPeer(BFD_PEER);
            }
            k.startKeepalived(CONFIG);
            j.startKeepalivedJ(CONFIG);
            for (SnmpLab lab : List.of(k, j)) {
                SnmpLab.await(
                        Duration.ofSeconds(40),
                        () -> "INTEGER: 1".equals(lab.walk(BFD_RESULT).get(BFD_RESULT)) && allMaster(lab),
                        "bfd_up Up and three MASTER instances: " + lab.walk(VRRP + "18") + lab.walk(VRRP + "3.1.4")
                                + lab.logText("daemon") + lab.logText("peer"));
            }
            // KEEPALIVED-MIB only (the lab runs keepalived with -x, which serves the RFC MIBs too)
            Map<String, String> expected = k.walk(TREE);
            Map<String, String> actual = j.walk(TREE);

            TreeSet<String> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(actual.keySet());
            TreeSet<String> extra = new TreeSet<>(actual.keySet());
            extra.removeAll(expected.keySet());
            assertEquals(ONLY_KEEPALIVEDS, List.copyOf(missing), "keepalived's answers we leave out");
            assertEquals(ONLY_OURS, List.copyOf(extra), "our answers keepalived leaves out");
            List<String> differences = new ArrayList<>();
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String oid = e.getKey();
                String ours = actual.get(oid);
                if (ours == null) {
                    continue;
                }
                if (SnmpWalkNamespaceTest.MAY_DIFFER.keySet().stream().anyMatch(oid::startsWith)) {
                    assertEquals(
                            SnmpWalkNamespaceTest.type(e.getValue()), SnmpWalkNamespaceTest.type(ours), oid + " type");
                } else if (!e.getValue().equals(ours)) {
                    differences.add(oid + " keepalived: " + e.getValue() + " keepalived-j: " + ours);
                }
            }
            assertEquals("", String.join("\n", differences));
            for (String prefix : FILLED) {
                assertTrue(actual.keySet().stream().anyMatch(o -> o.startsWith(prefix)), prefix + " is answered");
            }
            // bfd_up is Up (1), bfd_down Down (0); bfd_checker (checker only) is not VRRP's
            assertEquals("INTEGER: 0", actual.get(VRRP + "18.1.3.2"));
            assertTrue(!actual.containsKey(VRRP + "18.1.2.3"), "bfd_checker is not in vrrpBfdTable");
            SnmpWalkNamespaceTest.assertServedAsTheMibFilesDefine(actual);
        }
    }

    /**
     * keepalived-j's vrrpProcessCurProc and vrrpProcessResult follow the processes: a tracked
     * {@code sleep} with its own arguments is counted when started and no more when killed.
     */
    @Test
    void theProcessTableFollowsTheProcesses() throws Exception {
        String config = """
                global_defs {
                  router_id lab1
                  enable_snmp_vrrp
                  snmp_socket SOCKET
                }
                vrrp_track_process tp_sleep {
                  process sleep 3599 7
                  weight 2
                }
                vrrp_instance VI_1 {
                  state BACKUP
                  interface veth0
                  virtual_router_id 51
                  priority 150
                  advert_int 1
                  virtual_ipaddress {
                    192.0.2.100/24
                  }
                  track_process {
                    tp_sleep
                  }
                }
                """;
        String count = VRRP + "21.1.13.1";
        String result = VRRP + "21.1.14.1";
        try (SnmpLab j = SnmpLab.create("kjsn-proc-j", dir.resolve("p"))) {
            j.startSnmpd();
            j.startKeepalivedJ(config);
            SnmpLab.await(
                    Duration.ofSeconds(20),
                    () -> "INTEGER: 2".equals(j.walk(result).get(result)),
                    "tp_sleep not running: " + j.walk(VRRP + "21"));
            assertEquals("INTEGER: 0", j.walk(count).get(count));
            Process sleep = j.startProcess("sleep", "3599", "7");
            try {
                SnmpLab.await(
                        Duration.ofSeconds(20),
                        () -> "INTEGER: 1".equals(j.walk(result).get(result))
                                && "INTEGER: 1".equals(j.walk(count).get(count)),
                        "tp_sleep running once: " + j.walk(VRRP + "21"));
                // its weight is added while it runs
                String effective = VRRP + "3.1.8.1";
                SnmpLab.await(
                        Duration.ofSeconds(10),
                        () -> "INTEGER: 152".equals(j.walk(effective).get(effective)),
                        "effective priority 152: " + j.walk(effective));
            } finally {
                sleep.destroy();
                sleep.waitFor();
            }
            SnmpLab.await(
                    Duration.ofSeconds(20),
                    () -> "INTEGER: 2".equals(j.walk(result).get(result))
                            && "INTEGER: 0".equals(j.walk(count).get(count)),
                    "tp_sleep gone: " + j.walk(VRRP + "21"));
        }
    }

    private static boolean allMaster(SnmpLab lab) {
        Map<String, String> states = lab.walk(VRRP + "3.1.4");
        return states.size() == 3 && states.values().stream().allMatch("INTEGER: 2"::equals);
    }
}
