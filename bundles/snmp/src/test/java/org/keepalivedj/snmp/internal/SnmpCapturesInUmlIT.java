package org.keepalivedj.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.testsupport.uml.UmlGuest;

/**
 * Keeps {@link SnmpCheckerWalkTest}'s references live: keepalived 2.2.7's checker process needs
 * IPVS, so its walks of KEEPALIVED-MIB's check part were captured in the user-mode-linux guest of
 * bundles/ipvs (a kernel with IPVS). Here the guest runs the same capture scripts on the same
 * configs in every build, and each walk keepalived gives now must be the recorded one (the same
 * OIDs, the same values but for the traffic counters {@link SnmpCheckerWalkTest#MAY_DIFFER} names),
 * so the comparison of keepalived-j is with what keepalived does in this build.
 */
class SnmpCapturesInUmlIT {

    private static final List<String> WALKS = List.of("checker-walk", "sorry-walk");

    @Test
    void keepalivedGivesTheRecordedCheckerWalks() throws Exception {
        UmlGuest.assumeBootable(
                "/usr/sbin/ipvsadm",
                "/usr/sbin/keepalived",
                "/usr/sbin/snmpd",
                "/usr/bin/snmpwalk",
                "/usr/bin/python3");
        Path work = UmlGuest.workDir("uml-snmp");
        Path lab = work.resolve("lab");
        Files.createDirectories(lab);
        Files.writeString(lab.resolve("capture-lab.sh"), SnmpCheckerWalkTest.resource("capture-lab.sh"));
        StringBuilder script = new StringBuilder("set -u\n");
        for (String walk : WALKS) {
            Files.writeString(lab.resolve(walk + "-capture.sh"), SnmpCheckerWalkTest.resource(walk + "-capture.sh"));
            Files.writeString(lab.resolve(walk + ".conf"), SnmpCheckerWalkTest.resource(walk + ".conf"));
            Path out = work.resolve("out").resolve(walk);
            Files.deleteIfExists(out.resolve(walk + ".keepalived-2.2.7.txt"));
            // each capture sets up the same links and daemons: what one started goes before the next
            script.append("bash ")
                    .append(lab.resolve(walk + "-capture.sh"))
                    .append(' ')
                    .append(out)
                    .append("\npkill -f /usr/sbin/snmpd; pkill -f http.server; pkill keepalived; sleep 1\n")
                    .append("ip link del veth0 2>/dev/null; rm -rf /run/snmp\n");
        }
        Files.writeString(lab.resolve("captures.sh"), script.toString());

        UmlGuest.Run run = UmlGuest.run(
                work, 420, List.of("bash", lab.resolve("captures.sh").toString()));
        assertEquals(0, run.exitValue(), "the captures failed in the guest:\n" + run.output());

        for (String walk : WALKS) {
            Path now = work.resolve("out").resolve(walk).resolve(walk + ".keepalived-2.2.7.txt");
            assertTrue(Files.exists(now), "no walk from keepalived for " + walk + ":\n" + run.output());
            Map<String, String> recorded =
                    SnmpCheckerWalkTest.parse(SnmpCheckerWalkTest.resource(walk + ".keepalived-2.2.7.txt"));
            Map<String, String> live = SnmpCheckerWalkTest.parse(Files.readString(now));
            assertTrue(live.size() > 50, walk + ": keepalived's walk is too short: " + Files.readString(now));
            SnmpCheckerWalkTest.assertSameWalk(recorded, "recorded", live, "keepalived now");
        }
    }
}
