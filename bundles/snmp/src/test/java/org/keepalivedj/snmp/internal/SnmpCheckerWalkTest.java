package org.keepalivedj.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * The differential walk of KEEPALIVED-MIB's check part. keepalived's checker process needs IPVS,
 * which this machine's kernel lacks, so keepalived 2.2.7's walk was captured once in
 * user-mode-linux (a 6.1 kernel with IPVS) and is kept as a resource; keepalived-j runs here, in a
 * namespace set up the same way, and its walk must give the same OIDs with the same values, except
 * the objects listed in {@link #MAY_DIFFER}.
 *
 * <p>To capture the walk again (after changing {@code checker-walk.conf}), from the repository root,
 * as root, with {@code user-mode-linux}, {@code busybox-static}, {@code ipvsadm}, {@code snmpd},
 * {@code snmp} and {@code keepalived} installed:
 *
 * <pre>
 * bundles/ipvs/src/test/uml/run-in-uml.sh /tmp/snmp-uml \
 *   bundles/snmp/src/test/resources/org/keepalivedj/snmp/internal/checker-walk-capture.sh /tmp/snmp-uml
 * cp /tmp/snmp-uml/checker-walk.keepalived-2.2.7.txt bundles/snmp/src/test/resources/org/keepalivedj/snmp/internal/
 * </pre>
 *
 * (about 30-70 s; {@code /tmp/snmp-uml/ipvsadm.txt} shows the services keepalived made).
 */
@RequiresRoot
class SnmpCheckerWalkTest {

    static final String TREE = ".1.3.6.1.4.1.9586.100.5";
    private static final String VS = ".1.3.6.1.4.1.9586.100.5.3.3.1.";
    private static final String RS = ".1.3.6.1.4.1.9586.100.5.3.4.1.";

    /**
     * Objects whose values may differ (the OIDs and types must still match): the version string,
     * and the counters and rates, which count whatever traffic each data plane saw (none here).
     */
    static final Map<String, String> MAY_DIFFER = may();

    private static Map<String, String> may() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(".1.3.6.1.4.1.9586.100.5.1.1.0", "version: the product's own");
        for (int c = 27; c <= 50; c++) {
            if (c != 37) {
                m.put(VS + c + ".", "virtual server statistics and rates: the data plane's traffic");
            }
        }
        for (int c = 14; c <= 39; c++) {
            m.put(RS + c + ".", "real server statistics and rates: the data plane's traffic");
        }
        return Map.copyOf(m);
    }

    @TempDir
    Path dir;

    @Test
    void keepalivedJAnswersTheCheckerWalkKeepalived227GaveInUml() throws Exception {
        Map<String, String> expected = parse(resource("checker-walk.keepalived-2.2.7.txt"));
        assertTrue(expected.size() > 250, "the captured walk is too short to compare: " + expected.size());
        try (SnmpLab j = SnmpLab.create("snmpchk-j", dir.resolve("j"))) {
            j.startSnmpd();
            j.startListener("10.9.0.1", 8081);
            j.startKeepalivedJ(resource("checker-walk.conf"));
            // settled as in the capture: 10.9.0.1:8082 failed its check, the others are up
            SnmpLab.await(
                    Duration.ofSeconds(30),
                    () -> settled(j.walk(RS + "6")),
                    "real server verdicts in " + j.walk(RS + "6") + j.logText("daemon"));
            Map<String, String> actual = j.walk(TREE);

            assertSameWalk(expected, actual);
            SnmpWalkNamespaceTest.assertServedAsTheMibFilesDefine(actual);
            assertEquals(j.walk(TREE), j.walk("snmpbulkwalk", TREE), "snmpbulkwalk");

            // the counters are the data plane's (nftables here): one connection to the virtual
            // server, sent to the only real server with a weight, counts in both rows
            CommandResult connect = j.exec(
                    "bash",
                    "-c",
                    "exec 3<>/dev/tcp/10.9.0.100/80 && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3");
            assertTrue(
                    connect.stdout().startsWith("HTTP/1.0 200"),
                    connect.stdout()
                            + connect.stderr()
                            + j.exec("nft", "list", "ruleset").stdout()
                            + j.logText("daemon"));
            Map<String, String> after = j.walk(TREE);
            assertEquals("Gauge32: 1", after.get(VS + "27.1"), "virtualServerStatsConns");
            assertEquals("Counter64: 1", after.get(VS + "38.1"), "virtualServerStatsConns64");
            assertEquals("Gauge32: 1", after.get(RS + "14.1.1"), "realServerStatsConns");
            assertEquals("Gauge32: 0", after.get(RS + "14.1.2"), "realServerStatsConns of the failed one");
            assertEquals("Gauge32: 0", after.get(VS + "27.2"), "virtualServerStatsConns of the group");
        }
    }

    /**
     * The sorry server's row, compared with keepalived 2.2.7's walk of {@code sorry-walk.conf}
     * (captured in user-mode-linux with {@code sorry-walk-capture.sh}, as above): its only real
     * server is down, so the sorry server is in; keepalived lists it first, with realServerType
     * sorry(2).
     */
    @Test
    void keepalivedJListsTheSorryServerAsKeepalived227DidInUml() throws Exception {
        Map<String, String> expected = parse(resource("sorry-walk.keepalived-2.2.7.txt"));
        assertEquals("INTEGER: 2", expected.get(RS + "2.1.1"), "the capture has the sorry server's row");
        try (SnmpLab j = SnmpLab.create("snmpsry-j", dir.resolve("j"))) {
            j.startSnmpd();
            j.startKeepalivedJ(resource("sorry-walk.conf"));
            SnmpLab.await(
                    Duration.ofSeconds(30),
                    () -> "INTEGER: 2".equals(j.walk(RS + "6").get(RS + "6.1.2")),
                    "the real server down in " + j.walk(RS + "6") + j.logText("daemon"));
            Map<String, String> actual = j.walk(TREE);
            assertSameWalk(expected, actual);
            SnmpWalkNamespaceTest.assertServedAsTheMibFilesDefine(actual);
        }
    }

    /**
     * realServerWeight is read-write in KEEPALIVED-MIB, and keepalived 2.2.7 changes the server's
     * weight on a set (seen in user-mode-linux with {@code weight-set-capture.sh}:
     * {@code weight-set.keepalived-2.2.7.txt}). keepalived-j applies it as the JMX setWeight does:
     * weight 0 takes the only live real server out of the data plane (a connection to the virtual
     * server fails), weight 5 puts it back; a negative or too large weight, a wrong type, another
     * column, a missing row and the read-only community are refused.
     */
    @Test
    void realServerWeightCanBeSetThroughAReadWriteCommunity() throws Exception {
        String weight = RS + "7.1.1";
        try (SnmpLab j = SnmpLab.create("snmpwgt-j", dir.resolve("w"))) {
            j.startSnmpd();
            j.startListener("10.9.0.1", 8081);
            j.startKeepalivedJ(resource("checker-walk.conf"));
            SnmpLab.await(
                    Duration.ofSeconds(30),
                    () -> settled(j.walk(RS + "6")),
                    "real server verdicts in " + j.walk(RS + "6") + j.logText("daemon"));
            assertEquals("INTEGER: 3", j.walk(weight).get(weight));
            assertTrue(connects(j), "the virtual server forwards before the set");

            CommandResult zero = j.set("private", weight, "i", "0");
            assertEquals(0, zero.exitCode(), zero.stdout() + zero.stderr());
            assertEquals("INTEGER: 0", j.walk(weight).get(weight));
            SnmpLab.await(Duration.ofSeconds(10), () -> !connects(j), "no connection with weight 0");

            CommandResult five = j.set("private", weight, "i", "5");
            assertEquals(0, five.exitCode(), five.stdout() + five.stderr());
            assertEquals("INTEGER: 5", j.walk(weight).get(weight));
            SnmpLab.await(Duration.ofSeconds(10), () -> connects(j), "connections again with weight 5");
            assertTrue(j.logText("daemon").contains("weight 0 -> 5"), "the set is logged: " + j.logText("daemon"));

            assertRefused(j.set("private", weight, "i", "-1"), "wrongValue");
            assertRefused(j.set("private", weight, "i", "70000"), "wrongValue");
            assertRefused(j.set("private", weight, "u", "4"), "wrongType");
            assertRefused(j.set("private", RS + "6.1.1", "i", "1"), "notWritable");
            assertRefused(j.set("private", VS + "60.1", "i", "4"), "notWritable");
            assertRefused(j.set("private", RS + "7.1.9", "i", "4"), "noCreation");
            assertRefused(j.set("public", weight, "i", "6"), "noAccess");
            assertEquals("INTEGER: 5", j.walk(weight).get(weight), "the refused sets changed nothing");
        }
    }

    private static void assertRefused(CommandResult r, String error) {
        String out = r.stdout() + r.stderr();
        assertTrue(out.contains(error), "refused with " + error + ": " + out);
    }

    /** A connection to the virtual server 10.9.0.100:80 gets the real server's HTTP answer. */
    private static boolean connects(SnmpLab j) {
        CommandResult r = j.exec(
                "timeout",
                "3",
                "bash",
                "-c",
                "exec 3<>/dev/tcp/10.9.0.100/80 && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3");
        return r.stdout().startsWith("HTTP/1.0 200");
    }

    /**
     * The checker notifications, compared with the ones keepalived 2.2.7 sent on {@code
     * checker-walk.conf} with {@code enable_traps} (captured in user-mode-linux by {@code
     * checker-traps-capture.sh}: {@code checker-traps.keepalived-2.2.7.txt}): once every server has
     * its verdict, the listener on 10.9.0.1:8081 stops, so its real server and the group's (checked
     * on that port) go down and both virtual servers lose their quorum. The notifications from then
     * on must be the same, varbind by varbind in the same order (the notifications in any order).
     * At start both send a quorum-met notification for each virtual server, compared the same way;
     * the first verdicts between are not compared (in the capture the listener was slow to start in
     * user-mode-linux, so keepalived 2.2.7 also saw 10.9.0.1:8081 and the group's server fail
     * their first checks; a first failed check alone is compared by
     * {@link #aRealServerFailingItsFirstCheckSendsTheSameNotificationsAsKeepalived227}).
     */
    @Test
    void checkerNotificationsAreTheOnesKeepalived227SentInUml() throws Exception {
        List<List<String>> captured = SnmpLab.traps(resource("checker-traps.keepalived-2.2.7.txt"));
        // the last four are the ones for the listener stopping (before them, the start-up's)
        assertTrue(captured.size() >= 7, "the capture: at least 3 at start, 4 when 8081 stops: " + captured);
        List<String> expected = lines(captured.subList(captured.size() - 4, captured.size()));
        String config = resource("checker-walk.conf")
                .replace("  enable_snmp_checker\n", "  enable_snmp_checker\n  enable_traps\n");
        try (SnmpLab j = SnmpLab.create("snmptrp-j", dir.resolve("t"))) {
            j.startTrapd();
            j.startSnmpd();
            j.startListener("10.9.0.1", 8081);
            j.startKeepalivedJ(config);
            SnmpLab.await(
                    Duration.ofSeconds(30),
                    () -> settled(j.walk(RS + "6")),
                    "real server verdicts in " + j.walk(RS + "6") + j.logText("daemon"));
            // the start: both virtual servers start with their quorum, as in keepalived's first two
            SnmpLab.await(Duration.ofSeconds(30), () -> j.traps().size() >= 2, "the start's notifications");
            assertEquals(
                    String.join("\n", lines(captured.subList(0, 2))),
                    String.join("\n", lines(j.traps().subList(0, 2))));
            int before = j.traps().size();
            j.stopListener();
            SnmpLab.await(
                    Duration.ofSeconds(30),
                    () -> j.traps().size() >= before + expected.size(),
                    "four checker notifications after the listener stopped: " + j.traps());
            List<List<String>> all = j.traps();
            assertEquals(String.join("\n", expected), String.join("\n", lines(all.subList(before, all.size()))));
        }
    }

    /**
     * A real server that fails its first check: keepalived 2.2.7 (captured in user-mode-linux by
     * {@code first-check-traps-capture.sh} on {@code first-check.conf}:
     * {@code first-check-traps.keepalived-2.2.7.txt}) starts it up, sends the quorum-met notification,
     * then, when the first check fails, realServerStateChange (down) and the quorum lost. keepalived-j
     * must send the same three, varbind by varbind.
     */
    @Test
    void aRealServerFailingItsFirstCheckSendsTheSameNotificationsAsKeepalived227() throws Exception {
        List<List<String>> captured = SnmpLab.traps(resource("first-check-traps.keepalived-2.2.7.txt"));
        assertEquals(3, captured.size(), "the capture: quorum met, real server down, quorum lost: " + captured);
        assertTrue(
                captured.get(1).get(0).contains(".1.3.6.1.4.1.9586.100.5.3.5.0.1")
                        && captured.get(1).contains(RS + "6 = INTEGER: 2"),
                "keepalived sent realServerStateChange (down): " + captured.get(1));
        try (SnmpLab j = SnmpLab.create("kjsn-first-j", dir.resolve("f"))) {
            j.startTrapd();
            j.startSnmpd();
            j.startKeepalivedJ(resource("first-check.conf"));
            SnmpLab.await(Duration.ofSeconds(30), () -> j.traps().size() >= 3, "three notifications: " + j.traps());
            assertEquals(lines(captured), lines(j.traps()));
            // in keepalived's order too: met at start, then the server, then the quorum
            assertEquals(captured.get(1).get(0), j.traps().get(1).get(0));
        }
    }

    private static List<String> lines(List<List<String>> traps) {
        List<String> out = new ArrayList<>();
        traps.forEach(t -> out.add(String.join("  ", t)));
        out.sort(null);
        return out;
    }

    /** The same OIDs, the same values except {@link #MAY_DIFFER} (whose types must still match). */
    private static void assertSameWalk(Map<String, String> expected, Map<String, String> actual) {
        assertSameWalk(expected, "keepalived", actual, "keepalived-j");
    }

    static void assertSameWalk(
            Map<String, String> expected, String whose, Map<String, String> actual, String whoseActual) {
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        TreeSet<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        assertEquals("missing: [] extra: []", "missing: " + missing + " extra: " + extra, "the same OIDs");
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String oid = e.getKey();
            String ours = actual.get(oid);
            if (MAY_DIFFER.keySet().stream().anyMatch(oid::startsWith)) {
                assertEquals(
                        SnmpWalkNamespaceTest.type(e.getValue()),
                        SnmpWalkNamespaceTest.type(ours),
                        oid + " has the same type");
            } else if (!e.getValue().equals(ours)) {
                differences.add(oid + " " + whose + ": " + e.getValue() + " " + whoseActual + ": " + ours);
            }
        }
        assertEquals("", String.join("\n", differences));
    }

    private static boolean settled(Map<String, String> status) {
        return "INTEGER: 1".equals(status.get(RS + "6.1.1"))
                && "INTEGER: 2".equals(status.get(RS + "6.1.2"))
                && "INTEGER: 1".equals(status.get(RS + "6.2.1"));
    }

    static String resource(String name) throws IOException {
        try (InputStream s = SnmpCheckerWalkTest.class.getResourceAsStream(name)) {
            if (s == null) {
                throw new IOException("no resource " + name);
            }
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** snmpwalk -On output: OID to "TYPE: value", as {@link SnmpLab#walk} gives it. */
    static Map<String, String> parse(String walk) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : walk.split("\n")) {
            int eq = line.indexOf(" = ");
            if (line.startsWith(".") && eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 3).strip());
            }
        }
        return out;
    }
}
