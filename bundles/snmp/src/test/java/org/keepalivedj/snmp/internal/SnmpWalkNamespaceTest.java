package org.keepalivedj.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.CommandResult;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The differential walk: net-snmp's snmpd in a namespace with keepalived 2.2.7 as its AgentX
 * subagent, and in a second namespace with keepalived-j, on the same config; snmpwalk of
 * KEEPALIVED-MIB, VRRP-MIB and VRRPv3-MIB over UDP on the namespace's loopback must give the same
 * OIDs with the same values, except the objects listed in {@link #MAY_DIFFER}.
 */
@RequiresRoot
class SnmpWalkNamespaceTest {

    static final String CONFIG = """
            global_defs {
              router_id lab1
              enable_snmp_vrrp
              enable_snmp_rfcv2
              enable_snmp_rfcv3
              snmp_socket SOCKET
            }
            vrrp_sync_group G1 {
              group {
                VI_1
                VI_2
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
              version 3
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
              advert_int 2
              nopreempt
              virtual_ipaddress {
                192.0.2.103/32
                192.0.2.104/24 brd 192.0.2.255
              }
            }
            """;

    /**
     * {@link #CONFIG} with what fills KEEPALIVED-MIB's tracking, route and rule tables: two
     * vrrp_scripts (one with arguments, rise and fall), a track_file (the namespace's ip_forward,
     * 0), a static address, static routes and a static rule, a sync group tracking an interface, a
     * script and the file, and VI_3 tracking an interface, both scripts and the file, with virtual
     * routes and rules.
     */
    static final String TRACKED_CONFIG =
            CONFIG.replace("  snmp_socket SOCKET\n}\n", """
              snmp_socket SOCKET
              script_user root
            }
            vrrp_script chk_ok {
              script "/usr/bin/true"
              interval 1
              weight 10
            }
            vrrp_script chk_args {
              script "/usr/bin/test -d /"
              interval 2
              weight 3
              rise 2
              fall 2
            }
            track_file tf_fwd {
              file /proc/sys/net/ipv4/ip_forward
              weight 3
            }
            static_ipaddress {
              10.9.5.1/24 dev veth1
            }
            static_routes {
              10.9.6.0/24 via 10.9.0.254 dev veth0
              10.9.7.0/24 dev veth0 table 100 metric 7
            }
            static_rules {
              from 10.9.6.0/24 table 100 priority 100
            }
            """).replace("""
                VI_2
              }
            }
            """, """
                VI_2
              }
              track_interface {
                veth1
              }
              track_script {
                chk_ok weight 0
              }
              track_file {
                tf_fwd weight 0
              }
            }
            """).replace("""
                192.0.2.104/24 brd 192.0.2.255
              }
            """, """
                192.0.2.104/24 brd 192.0.2.255
              }
              track_interface {
                veth1 weight 5
              }
              track_script {
                chk_ok
                chk_args weight 4
              }
              track_file {
                tf_fwd weight 2
              }
              virtual_routes {
                10.9.8.0/24 via 10.9.0.253 dev veth0
                192.0.2.128/25 dev veth0 src 192.0.2.104 table 101
              }
              virtual_rules {
                from 192.0.2.103 table 101 priority 200
                to 10.9.8.0/24 table 101 priority 201
              }
            """);

    static final List<String> TREES = List.of(".1.3.6.1.4.1.9586.100.5", ".1.3.6.1.2.1.68", ".1.3.6.1.2.1.207");

    /**
     * Objects whose values differ (the OIDs and types must still match): the version string, the
     * TimeStamps of the last state change (sysUpTime of each snmpd when it happened), and one
     * column where keepalived's answer does not follow what it does.
     */
    static final Map<String, String> MAY_DIFFER = Map.of(
            ".1.3.6.1.4.1.9586.100.5.1.1.0", "version: the product's own",
            // keepalived 2.2.7 answers advertised(1) only for the first instance's addresses, though
            // all three instances send theirs; keepalived-j says advertised(1) for every address
            ".1.3.6.1.4.1.9586.100.5.2.6.1.11.", "vrrpAddressAdvertising",
            ".1.3.6.1.2.1.68.1.3.1.13.", "vrrpOperVirtualRouterUpTime: a time",
            ".1.3.6.1.2.1.207.1.1.1.1.12.", "vrrpv3OperationsUpTime: a time");

    /**
     * Rows keepalived 2.2.7 leaves out and keepalived-j serves: in vrrpOperTable and
     * vrrpRouterStatsTable keepalived lists one VRRPv2 instance only, the lowest (ifIndex, VRID) (a
     * Get of another instance's row answers noSuchInstance), while RFC 2787 has a row per
     * instance. Here VI_3 is the second VRRPv2 instance.
     */
    static final List<String> KEEPALIVED_OMITS = List.of(".1.3.6.1.2.1.68.1.3.1.", ".1.3.6.1.2.1.68.2.4.1.");

    @TempDir
    Path dir;

    @Test
    void keepalivedJAnswersTheSameWalkAsKeepalived227() throws Exception {
        try (SnmpLab k = SnmpLab.create("snmpwalk-k", dir.resolve("k"));
                SnmpLab j = SnmpLab.create("snmpwalk-j", dir.resolve("j"))) {
            k.startSnmpd();
            j.startSnmpd();
            assertTrue(TRACKED_CONFIG.contains("chk_args weight 4") && TRACKED_CONFIG.contains("chk_ok weight 0"));
            k.startKeepalived(TRACKED_CONFIG);
            j.startKeepalivedJ(TRACKED_CONFIG);
            // every instance MASTER (alone on its link) on both sides: vrrpInstanceState = master(2),
            // and both scripts good: vrrpScriptResult = good(3)
            for (SnmpLab lab : List.of(k, j)) {
                SnmpLab.await(
                        Duration.ofSeconds(30),
                        () -> allMaster(lab) && scriptsGood(lab),
                        "three MASTER instances and good scripts in the walk of "
                                + lab.walk(".1.3.6.1.4.1.9586.100.5.2.3.1.4")
                                + lab.walk(SCRIPT_RESULT)
                                + lab.logText("daemon"));
            }
            Map<String, String> expected = walkAll(k);
            Map<String, String> actual = walkAll(j);
            assertTrue(expected.size() > 150, "keepalived's walk is too short to compare: " + expected);

            TreeSet<String> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(actual.keySet());
            TreeSet<String> extra = new TreeSet<>(actual.keySet());
            extra.removeAll(expected.keySet());
            assertTrue(
                    extra.stream().anyMatch(o -> o.startsWith(".1.3.6.1.2.1.68.1.3.1.3.3.53")),
                    "VI_3 has its RFC 2787 row: " + extra);
            extra.removeIf(o -> KEEPALIVED_OMITS.stream().anyMatch(o::startsWith) && o.endsWith(".53"));
            assertEquals("missing: [] extra: []", "missing: " + missing + " extra: " + extra, "the same OIDs");
            List<String> differences = new ArrayList<>();
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String oid = e.getKey();
                String ours = actual.get(oid);
                if (MAY_DIFFER.keySet().stream().anyMatch(oid::startsWith)) {
                    assertEquals(type(e.getValue()), type(ours), oid + " has the same type");
                } else if (!e.getValue().equals(ours)) {
                    differences.add(oid + " keepalived: " + e.getValue() + " keepalived-j: " + ours);
                }
            }
            assertEquals("", String.join("\n", differences));
            // the tables this config fills are in the comparison, not left empty on both sides
            for (String table : TRACKED_TABLES) {
                assertTrue(
                        actual.keySet().stream().anyMatch(o -> o.startsWith(table)),
                        table + " has rows: " + actual.keySet());
            }
            assertServedAsTheMibFilesDefine(actual);

            // GetBulk answers the same as GetNext
            for (String tree : TREES) {
                assertEquals(j.walk(tree), j.walk("snmpbulkwalk", tree), "snmpbulkwalk of " + tree);
            }
            assertFalse(j.logText("daemon").contains("dropped a malformed PDU"), j.logText("daemon"));
        }
    }

    @Test
    void theRegistrationSurvivesAnSnmpdRestart() throws Exception {
        try (SnmpLab j = SnmpLab.create("snmpwalk-r", dir.resolve("r"))) {
            j.startSnmpd();
            j.startKeepalivedJ(CONFIG);
            SnmpLab.await(
                    Duration.ofSeconds(20),
                    () -> j.logText("daemon").contains("REGISTERED 1"),
                    "the first registration");
            SnmpLab.await(Duration.ofSeconds(20), () -> allMaster(j), "three MASTER instances");
            j.stopSnmpd();
            j.startSnmpd();
            SnmpLab.await(
                    Duration.ofSeconds(20),
                    () -> j.logText("daemon").contains("REGISTERED 2"),
                    "registration after the restart: " + j.logText("daemon"));
            assertEquals(
                    "STRING: \"VI_3\"",
                    j.walk(".1.3.6.1.4.1.9586.100.5.2.3.1.2.3").get(".1.3.6.1.4.1.9586.100.5.2.3.1.2.3"));
        }
    }

    /**
     * Traps: snmptrapd behind each snmpd, enable_traps on. keepalived's start-up (every instance
     * INIT to BACKUP, then, no master being heard, BACKUP to MASTER: the failover of a backup
     * whose master is silent) must give the same notifications from both, in any order:
     * vrrpInstanceStateChange and vrrpSyncGroupStateChange (KEEPALIVED-MIB), vrrpTrapNewMaster
     * (RFC 2787, VRRPv2 instances) and vrrpv3NewMaster (RFC 6527, every instance).
     */
    @Test
    void stateChangesSendTheSameTrapsAsKeepalived227() throws Exception {
        String config = CONFIG.replace("  snmp_socket SOCKET", "  enable_traps\n  snmp_socket SOCKET");
        try (SnmpLab k = SnmpLab.create("snmptrap-k", dir.resolve("k"));
                SnmpLab j = SnmpLab.create("snmptrap-j", dir.resolve("j"))) {
            for (SnmpLab lab : List.of(k, j)) {
                lab.startTrapd();
                lab.startSnmpd();
            }
            k.startKeepalived(config);
            j.startKeepalivedJ(config);
            // 1 + 1 group changes, 3 + 3 instance changes, 2 RFC 2787 and 3 RFC 6527 new masters
            for (SnmpLab lab : List.of(k, j)) {
                SnmpLab.await(Duration.ofSeconds(30), () -> lab.traps().size() >= 13, "13 traps: " + lab.traps());
            }
            List<String> expected = sorted(k.traps());
            List<String> actual = sorted(j.traps());
            assertEquals(String.join("\n", expected), String.join("\n", actual));
            assertTrue(
                    expected.stream().anyMatch(t -> t.contains("OID: .1.3.6.1.2.1.68.0.1")),
                    "keepalived sent vrrpTrapNewMaster");
            // the walk says traps are on in both MIBs that have a switch
            for (String oid : List.of(".1.3.6.1.4.1.9586.100.5.1.4.0", ".1.3.6.1.2.1.68.1.2.0")) {
                assertEquals(k.walk(oid).get(oid), j.walk(oid).get(oid), oid);
            }
        }
    }

    /**
     * RFC 2787's vrrpTrapAuthFailure: a peer (keepalived 2.2.7 on the same link, same VRID) sends
     * adverts with another password; keepalived and keepalived-j drop them and send the same
     * notification (the sender's address, authFailure(3)), and the same vrrpInstanceStateChange
     * notifications (which keepalived sends with enable_snmp_rfcv2 alone).
     */
    @Test
    void anAdvertWithTheWrongPasswordSendsTheSameAuthFailureTrapAsKeepalived227() throws Exception {
        String config = """
                global_defs {
                  router_id lab1
                  enable_snmp_rfcv2
                  enable_traps
                  snmp_socket SOCKET
                }
                vrrp_instance VI_1 {
                  state BACKUP
                  interface veth0
                  virtual_router_id 51
                  priority 150
                  advert_int 1
                  authentication {
                    auth_type PASS
                    auth_pass secret1
                  }
                  virtual_ipaddress {
                    192.0.2.100/24
                  }
                }
                """;
        String peer = config.replace("  enable_snmp_rfcv2\n  enable_traps\n  snmp_socket SOCKET\n", "")
                .replace("veth0", "veth1")
                .replace("priority 150", "priority 100")
                .replace("secret1", "other");
        String authFailure = "OID: .1.3.6.1.2.1.68.0.2";
        try (SnmpLab k = SnmpLab.create("snmpauth-k", dir.resolve("k"));
                SnmpLab j = SnmpLab.create("snmpauth-j", dir.resolve("j"))) {
            for (SnmpLab lab : List.of(k, j)) {
                lab.startTrapd();
                lab.startSnmpd();
            }
            // the peer first: moving veth1 into its namespace takes veth0's carrier down for a moment
            for (SnmpLab lab : List.of(k, j)) {
                lab.startPeer(peer);
            }
            k.startKeepalived(config);
            j.startKeepalivedJ(config);
            for (SnmpLab lab : List.of(k, j)) {
                SnmpLab.await(
                        Duration.ofSeconds(30),
                        () -> lab.traps().stream().anyMatch(t -> t.get(0).contains(authFailure)),
                        "vrrpTrapAuthFailure: " + lab.traps() + lab.logText("peer"));
            }
            List<String> expected = distinctTraps(k, authFailure);
            List<String> actual = distinctTraps(j, authFailure);
            assertEquals(String.join("\n", expected), String.join("\n", actual));
            assertTrue(
                    expected.get(0).contains("IpAddress: 10.9.0.2")
                            && expected.get(0).contains("INTEGER: 3"),
                    expected.get(0));
            // with enable_snmp_rfcv2 alone, keepalived still sends its own MIB's vrrpInstanceStateChange:
            // to BACKUP at start, to MASTER (the peer's adverts do not count) Master_Down_Interval later
            String stateChange = "OID: .1.3.6.1.4.1.9586.100.5.2.10.0.2";
            for (SnmpLab lab : List.of(k, j)) {
                SnmpLab.await(
                        Duration.ofSeconds(20),
                        () -> distinctTraps(lab, stateChange).stream()
                                .anyMatch(t -> t.contains(".1.3.6.1.4.1.9586.100.5.2.3.1.4 = INTEGER: 2")),
                        "vrrpInstanceStateChange to MASTER: " + lab.traps());
            }
            assertEquals(distinctTraps(k, stateChange), distinctTraps(j, stateChange));
            assertTrue(!distinctTraps(k, stateChange).isEmpty(), "vrrpInstanceStateChange");
        }
    }

    /** The distinct notifications of one kind a lab's snmptrapd got (the peer's adverts repeat, and so do the traps). */
    private static List<String> distinctTraps(SnmpLab lab, String trapOid) {
        TreeSet<String> distinct = new TreeSet<>();
        lab.traps().stream().filter(t -> t.get(0).contains(trapOid)).forEach(t -> distinct.add(String.join("  ", t)));
        return new ArrayList<>(distinct);
    }

    /**
     * Every object served is one the MIB files of the keepalived package define, readable, of a
     * type its SYNTAX allows, with an instance suffix (.0 for scalars).
     */
    static void assertServedAsTheMibFilesDefine(Map<String, String> walk) throws Exception {
        if (!MibFiles.present()) {
            return;
        }
        MibFiles mibs = new MibFiles();
        assertTrue(mibs.size() > 300, "objects read from the MIB files: " + mibs.size());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> e : walk.entrySet()) {
            Oid oid = Oid.parse(e.getKey());
            MibFiles.ObjectType t = mibs.objectOf(oid);
            String type = type(e.getValue());
            if (t == null) {
                wrong.add(e.getKey() + " is not defined");
            } else if (!t.access().startsWith("read-")) {
                wrong.add(e.getKey() + " is " + t.name() + ", " + t.access());
            } else if (oid.size() == t.oid().size()) {
                wrong.add(e.getKey() + " has no instance suffix");
            } else if (!typeFits(t.syntax(), type, e.getValue())) {
                wrong.add(e.getKey() + " (" + t.name() + " " + t.syntax() + ") answered " + e.getValue());
            }
        }
        assertEquals("", String.join("\n", wrong));
    }

    /** The net-snmp value types a MIB SYNTAX may be answered with. */
    private static boolean typeFits(String syntax, String type, String value) {
        return switch (syntax) {
            case "Integer32",
                    "INTEGER",
                    "TruthValue",
                    "InetAddressType",
                    "VrrpState",
                    "RowStatus",
                    "InterfaceIndex",
                    "InetScopeType",
                    "Vrrpv3VrIdTC",
                    "TimeInterval",
                    "RouteType",
                    "RuleAction" -> type.equals("INTEGER");
            case "Unsigned32", "Gauge32", "InetAddressPrefixLength", "InetPortNumber", "Realm" ->
                type.equals("Gauge32");
            case "Counter32" -> type.equals("Counter32");
            case "Counter64" -> type.equals("Counter64");
            case "TimeStamp", "TimeTicks" -> type.equals("Timeticks");
            case "IpAddress" -> type.equals("IpAddress");
            case "DisplayString", "InetAddress", "MacAddress", "OCTET" ->
                type.equals("STRING") || type.equals("Hex-STRING") || value.equals("\"\"");
            default -> false;
        };
    }

    private static List<String> sorted(List<List<String>> traps) {
        List<String> out = new ArrayList<>();
        traps.forEach(t -> out.add(String.join("  ", t)));
        out.sort(null);
        return out;
    }

    /**
     * vrrpInstanceBasePriority is read-write in KEEPALIVED-MIB: a set through snmpd's read-write
     * community becomes the instance's priority override (the advertised priority follows); a bad
     * value, another column, or the read-only community are refused.
     */
    @Test
    void basePriorityCanBeSetThroughAReadWriteCommunity() throws Exception {
        String base = ".1.3.6.1.4.1.9586.100.5.2.3.1.7.3";
        try (SnmpLab j = SnmpLab.create("snmpset-j", dir.resolve("s"))) {
            j.startSnmpd();
            j.startKeepalivedJ(CONFIG);
            SnmpLab.await(Duration.ofSeconds(30), () -> allMaster(j), "three MASTER instances");
            assertEquals("INTEGER: 200", j.walk(base).get(base));

            CommandResult ok = j.set("private", base, "i", "180");
            assertEquals(0, ok.exitCode(), ok.stdout() + ok.stderr());
            SnmpLab.await(
                    Duration.ofSeconds(10),
                    () -> "INTEGER: 180"
                            .equals(j.walk(".1.3.6.1.4.1.9586.100.5.2.3.1.8.3")
                                    .get(".1.3.6.1.4.1.9586.100.5.2.3.1.8.3")),
                    "the effective priority 180");
            assertEquals("INTEGER: 180", j.walk(base).get(base));
            assertEquals(
                    "Gauge32: 180",
                    j.walk(".1.3.6.1.2.1.207.1.1.1.1.7.3.53.1").get(".1.3.6.1.2.1.207.1.1.1.1.7.3.53.1"));

            CommandResult tooHigh = j.set("private", base, "i", "255");
            assertTrue(
                    tooHigh.exitCode() != 0 && (tooHigh.stdout() + tooHigh.stderr()).contains("wrongValue"),
                    tooHigh.stdout() + tooHigh.stderr());
            CommandResult name = j.set("private", ".1.3.6.1.4.1.9586.100.5.2.3.1.2.3", "s", "VI_X");
            assertTrue(
                    name.exitCode() != 0 && (name.stdout() + name.stderr()).contains("notWritable"),
                    name.stdout() + name.stderr());
            CommandResult readOnly = j.set("public", base, "i", "170");
            assertTrue(readOnly.exitCode() != 0, readOnly.stdout() + readOnly.stderr());
            assertEquals("INTEGER: 180", j.walk(base).get(base));
            assertTrue(j.logText("daemon").contains("base priority 200 -> 180"), j.logText("daemon"));
        }
    }

    private static final String SCRIPT_RESULT = ".1.3.6.1.4.1.9586.100.5.2.9.1.6";

    /**
     * vrrpTrackedInterfaceTable, vrrpTrackedScriptTable, vrrpRouteTable, vrrpRuleTable,
     * vrrpScriptTable, vrrpTrackedFileTable, vrrpFileTable, vrrpSyncTrackedInterfaceTable,
     * vrrpSyncTrackedScriptTable, vrrpSyncTrackedFileTable.
     */
    private static final List<String> TRACKED_TABLES = List.of(
            ".1.3.6.1.4.1.9586.100.5.2.4.1.",
            ".1.3.6.1.4.1.9586.100.5.2.5.1.",
            ".1.3.6.1.4.1.9586.100.5.2.7.1.",
            ".1.3.6.1.4.1.9586.100.5.2.8.1.",
            ".1.3.6.1.4.1.9586.100.5.2.9.1.",
            ".1.3.6.1.4.1.9586.100.5.2.12.1.",
            ".1.3.6.1.4.1.9586.100.5.2.13.1.",
            ".1.3.6.1.4.1.9586.100.5.2.16.1.",
            ".1.3.6.1.4.1.9586.100.5.2.14.1.",
            ".1.3.6.1.4.1.9586.100.5.2.15.1.");

    private static boolean scriptsGood(SnmpLab lab) {
        Map<String, String> results = lab.walk(SCRIPT_RESULT);
        return results.size() == 2 && results.values().stream().allMatch("INTEGER: 3"::equals);
    }

    private static boolean allMaster(SnmpLab lab) {
        Map<String, String> states = lab.walk(".1.3.6.1.4.1.9586.100.5.2.3.1.4");
        return states.size() == 3 && states.values().stream().allMatch("INTEGER: 2"::equals);
    }

    static Map<String, String> walkAll(SnmpLab lab) {
        Map<String, String> all = new LinkedHashMap<>();
        TREES.forEach(t -> all.putAll(lab.walk(t)));
        return all;
    }

    static String type(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        return colon < 0 ? String.valueOf(value) : value.substring(0, colon);
    }
}
