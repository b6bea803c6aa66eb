package org.keepalivedj.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.apache.karaf.shell.support.completers.ArgumentCommandLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.lvs.AdminState;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.testsupport.views.Views;

/**
 * The console commands as an operator types them: Karaf's own argument parser fills each command
 * (so a missing or malformed argument fails as it does in the console), the command runs against
 * in-memory implementations of the api views, and the test reads what it printed and what it changed.
 */
class ConsoleCommandsTest {
    private static final String VS = "192.0.2.1:80/tcp";
    private static final String RS = "10.0.0.2:80";

    private Instance vi1;
    private Instance vi2;
    private VrrpRuntime vrrp;
    private Views.Real real;
    private Views.Virtual virtual;
    private Views.Lvs lvs;

    @BeforeEach
    void views() throws Exception {
        vi1 = new Instance("VI_1", InstanceState.MASTER);
        vi2 = new Instance("VI_2", InstanceState.BACKUP);
        vi2.master = InetAddress.getByName("2001:db8:0:0:0:0:0:1");
        vi2.masterPriority = 150;
        vrrp = new Vrrp(List.of(vi1, vi2));
        virtual = new Views.Virtual("192.0.2.1", 80);
        real = new Views.Real(virtual.key, RS);
        virtual.reals.add(real);
        lvs = new Views.Lvs(List.of(virtual));
    }

    /** Parses args as Karaf's console does, runs the command, returns what it printed. */
    private static String run(Action command, String... args) throws Exception {
        assertTrue(
                new DefaultActionPreparator().prepare(command, null, new ArrayList<>(List.of(args))),
                "the console would not run it");
        PrintStream console = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertNull(command.execute());
        } finally {
            System.setOut(console);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private <T extends Action> T vrrpCommand(T command) {
        if (command instanceof VrrpInstanceAction c) {
            c.runtime = vrrp;
        } else if (command instanceof VrrpListCommand c) {
            c.runtime = vrrp;
        }
        return command;
    }

    private <T extends RealServerAction> T rsCommand(T command) {
        command.runtime = lvs;
        return command;
    }

    @Test
    void vrrpPrioritySetsClearsAndShows() throws Exception {
        assertEquals(
                "VI_1: priority set to 120 until cleared\n",
                run(vrrpCommand(new VrrpPriorityCommand()), "VI_1", "120"));
        assertEquals(120, vi1.override);
        assertEquals("VI_1: priority 120 (base 100)\n", run(vrrpCommand(new VrrpPriorityCommand()), "VI_1"));
        assertEquals(
                "VI_1: priority override cleared\n", run(vrrpCommand(new VrrpPriorityCommand()), "--clear", "VI_1"));
        assertNull(vi1.override);
    }

    @Test
    void vrrpPriorityRefusesAWordAndAnUnknownInstance() throws Exception {
        Exception notANumber =
                assertThrows(Exception.class, () -> run(vrrpCommand(new VrrpPriorityCommand()), "VI_1", "high"));
        assertTrue(notANumber.getMessage().contains("priority"), notANumber.getMessage());
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class, () -> run(vrrpCommand(new VrrpPriorityCommand()), "VI_9", "50"));
        assertEquals("no VRRP instance named 'VI_9' (keepalived:vrrp-list shows them)", unknown.getMessage());
        Exception missing = assertThrows(Exception.class, () -> run(vrrpCommand(new VrrpPriorityCommand())));
        assertTrue(missing.getMessage().contains("instance"), missing.getMessage());
        assertNull(vi1.override, "nothing changed");
    }

    @Test
    void vrrpFailoverOnlyMovesAMaster() throws Exception {
        assertEquals(
                "VI_2 is BACKUP, not MASTER: nothing to give up\n",
                run(vrrpCommand(new VrrpFailoverCommand()), "VI_2"));
        assertEquals(0, vi2.gaveUp);
        assertEquals("VI_1: giving up MASTER\n", run(vrrpCommand(new VrrpFailoverCommand()), "VI_1"));
        assertEquals(1, vi1.gaveUp);
    }

    @Test
    void vrrpListShowsEachInstanceOnARow() throws Exception {
        String out = run(vrrpCommand(new VrrpListCommand()));
        String[] lines = out.split("\n");
        assertTrue(lines[0].matches("Instance\\s*\\|\\s*State\\s*\\|\\s*Prio.*VIPs\\s*"), lines[0]);
        String one = row(lines, "VI_1");
        assertTrue(
                one.matches(
                        "VI_1\\s*\\|\\s*MASTER\\s*\\|\\s*100/100\\s*\\|\\s*51\\s*\\|\\s*eth0\\s*\\|\\s*3\\s*\\|\\s*-\\s*\\|\\s*"
                                + "192.0.2.10/32 dev eth0, 192.0.2.11/32 dev eth0\\s*"),
                one);
        // An IPv6 master is written as ip writes it (compressed), not as the JDK would (2001:db8:0:0:0:0:0:1).
        assertTrue(row(lines, "VI_2").contains("| 2001:db8::1 "), row(lines, "VI_2"));
    }

    @Test
    void bfdListShowsEachSessionWithTimersCountersAndLastDownReason() throws Exception {
        BfdListCommand command = new BfdListCommand();
        org.keepalivedj.api.bfd.BfdSessionView fresh = new org.keepalivedj.api.bfd.BfdSessionView(
                "bfd6",
                InetAddress.getByName("2001:db8:0:0:0:0:0:2"),
                null,
                true,
                "Down",
                "Down",
                42,
                0,
                Duration.ofSeconds(1),
                Duration.ofMillis(1),
                Duration.ZERO,
                0,
                5,
                0,
                0,
                0,
                "No Diagnostic",
                Instant.parse("2026-12-06T10:00:00Z"));
        command.runtime = new Views.Bfd(List.of(Views.bfdSession("bfd1", "Up"), fresh));
        String[] lines = run(command).split("\n");
        assertTrue(
                lines[0].matches("Session\\s*\\|\\s*Neighbor\\s*\\|\\s*State.*Last down\\s*\\|\\s*Since\\s*"),
                lines[0]);
        String up = row(lines, "bfd1");
        assertTrue(
                up.matches(
                        "bfd1\\s*\\|\\s*192.0.2.2\\s*\\|\\s*Up\\s*\\|\\s*Up\\s*\\|\\s*3221225473/7\\s*\\|\\s*50/50\\s*\\|"
                                + "\\s*150\\s*\\|\\s*120/130/2\\s*\\|\\s*Control Detection Time Expired\\s*\\|"
                                + "\\s*2026-12-06T09:00:00Z\\s*"),
                up);
        String down = row(lines, "bfd6");
        assertTrue(down.contains("| 2001:db8::2 (multihop) |"), down);
        assertTrue(down.matches(".*\\| 1000/1 +\\| 0 +\\| 0/5/0 +\\| - +\\|.*"), "never down: no reason; " + down);
    }

    @Test
    void vrrpShowPrintsStateMasterFaultsAndCounters() throws Exception {
        vi2.faults.add("interface eth1 is down");
        vi2.counters.put("advert_rcvd", 42L);
        String out = run(vrrpCommand(new VrrpShowCommand()), "VI_2");
        assertTrue(out.startsWith("VRRP instance VI_2\n"), out);
        assertTrue(out.contains("  state            BACKUP (wanted BACKUP)\n"), out);
        assertTrue(out.contains("  vrid             51 on eth0, VRRPv3, advert 1000 ms\n"), out);
        assertTrue(out.contains("  master           2001:db8::1 (priority 150)\n"), out);
        assertTrue(out.contains("  fault            interface eth1 is down\n"), out);
        assertTrue(out.matches("(?s).*\\n  advert_rcvd +42\\n.*"), out);
        assertTrue(
                run(vrrpCommand(new VrrpShowCommand()), "VI_1").contains("  master           unknown (priority -1)\n"));
    }

    @Test
    void realServerWeightDrainMaintEnable() throws Exception {
        assertEquals(RS + " of " + VS + ": weight 7\n", run(rsCommand(new RsWeightCommand()), VS, RS, "7"));
        assertEquals(7, real.weight);
        assertEquals(RS + " of " + VS + ": draining\n", run(rsCommand(new RsDrainCommand()), VS, RS));
        assertEquals(AdminState.DRAIN, real.admin);
        assertEquals(RS + " of " + VS + ": in maintenance\n", run(rsCommand(new RsMaintCommand()), VS, RS));
        assertEquals(AdminState.MAINT, real.admin);
        assertEquals(RS + " of " + VS + ": enabled\n", run(rsCommand(new RsEnableCommand()), VS, RS));
        assertEquals(AdminState.ENABLED, real.admin);
    }

    @Test
    void realServerCommandsNameWhatTheyCannotFind() throws Exception {
        IllegalArgumentException noVs = assertThrows(
                IllegalArgumentException.class, () -> run(rsCommand(new RsDrainCommand()), "192.0.2.1:80", RS));
        assertEquals(
                "no virtual server '192.0.2.1:80' (keepalived:lvs-list shows them, e.g. 192.0.2.1:80/tcp)",
                noVs.getMessage());
        IllegalArgumentException noRs = assertThrows(
                IllegalArgumentException.class, () -> run(rsCommand(new RsDrainCommand()), VS, "10.0.0.3:80"));
        assertEquals("no real server '10.0.0.3:80' in " + VS, noRs.getMessage());
        Exception noWeight = assertThrows(Exception.class, () -> run(rsCommand(new RsWeightCommand()), VS, RS));
        assertTrue(noWeight.getMessage().contains("weight"), noWeight.getMessage());
        Exception badWeight =
                assertThrows(Exception.class, () -> run(rsCommand(new RsWeightCommand()), VS, RS, "heavy"));
        assertTrue(badWeight.getMessage().contains("weight"), badWeight.getMessage());
        assertEquals(1, real.weight, "nothing changed");
        assertEquals(AdminState.ENABLED, real.admin);
    }

    @Test
    void lvsListShowsQuorumHealthWeightsAndCheckers() throws Exception {
        virtual.quorumUp = false;
        real.up = false;
        real.weight = 3;
        real.effective = -1;
        real.admin = AdminState.DRAIN;
        real.checkers.add(new CheckerStatus(
                "TCP_CHECK", true, false, "connection refused", Duration.ofMillis(2), Instant.now(), 3, 10, 4));
        real.checkers.add(new CheckerStatus("REDIS_CHECK", false, true, "", null, null, 0, 0, 0));
        LvsListCommand command = new LvsListCommand();
        command.runtime = lvs;
        String[] lines = run(command).split("\n");
        assertEquals("data plane: nft", lines[0]);
        assertTrue(
                row(lines, "192.0.2.1:80/tcp").matches(".*\\|\\s*QUORUM DOWN\\s*\\|\\s*alive 0\\s*\\|.*"),
                row(lines, "192.0.2.1:80/tcp"));
        String rs = java.util.Arrays.stream(lines)
                .filter(l -> l.contains("| " + RS + " "))
                .findFirst()
                .orElseThrow();
        assertTrue(
                rs.matches(".*\\|\\s*DOWN\\s*\\|\\s*3/1\\s*\\|\\s*-\\s*\\|\\s*DRAIN\\s*\\|"
                        + " TCP_CHECK: connection refused; REDIS_CHECK \\(no bundle\\): pending\\s*"),
                rs);
    }

    @Test
    void statusSaysWhatRunsAndHowTheLastLoadWent() throws Exception {
        LoadResult bad = new LoadResult(
                Instant.parse("2026-12-06T10:00:00Z"),
                Path.of("etc/keepalived.conf"),
                LoadResult.Outcome.ERRORS,
                List.of("keepalived.conf:3:5: priority 300 is out of range 1-255"),
                List.of(),
                "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusCommand.print(new Views.Daemon1(bad), null, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("keepalived-j 0.1.0-TEST\n"), text);
        assertTrue(text.matches("(?s).*\\n  uptime      \\d+d \\d\\d:\\d\\d:\\d\\d\\n.*"), text);
        assertTrue(text.contains("  config      etc/keepalived.conf (id node1)\n"), text);
        assertTrue(
                text.contains("  last load   2026-12-06T10:00:00Z  ERRORS (1): keepalived.conf:3:5: priority 300"),
                text);
        assertTrue(text.contains("  data plane  none (no virtual server subsystem)\n"), text);
        assertTrue(text.endsWith("    keepalived.conf:3:5: priority 300 is out of range 1-255\n"), text);
    }

    @Test
    void reloadAndCheckConfigListEveryProblem() throws Exception {
        LoadResult warned = new LoadResult(
                Instant.now(),
                Path.of("etc/keepalived.conf"),
                LoadResult.Outcome.OK,
                List.of(),
                List.of(
                        "keepalived.conf:9:1: unknown keyword frob",
                        "keepalived.conf:12:3: nb_get_retry is deprecated"),
                "");
        List<Path> checked = new ArrayList<>();
        ReloadCommand reload = new ReloadCommand();
        reload.daemon = new Views.Daemon1(warned);
        assertEquals(
                "reload: OK (2 warnings)\n  keepalived.conf:9:1: unknown keyword frob\n"
                        + "  keepalived.conf:12:3: nb_get_retry is deprecated\n",
                run(reload));

        CheckConfigCommand check = new CheckConfigCommand();
        check.daemon = new CheckingDaemon(warned, checked);
        String withoutFile = run(check);
        assertEquals(Path.of("etc/keepalived.conf"), checked.get(0), "no argument: the file in use");
        assertTrue(withoutFile.startsWith("etc/keepalived.conf: OK (2 warnings)\n"), withoutFile);
        check = new CheckConfigCommand();
        check.daemon = new CheckingDaemon(warned, checked);
        assertTrue(run(check, "/tmp/other.conf").startsWith("/tmp/other.conf: OK (2 warnings)\n"));
        assertEquals(Path.of("/tmp/other.conf"), checked.get(1));
    }

    @Test
    void completersOfferWhatRuns() throws Exception {
        VrrpInstanceCompleter instances = new VrrpInstanceCompleter();
        instances.runtime = vrrp;
        List<String> names = new ArrayList<>();
        instances.complete(null, new ArgumentCommandLine("VI_", 3), names);
        assertEquals(
                List.of("VI_1", "VI_2"),
                names.stream().map(String::strip).sorted().toList());

        RealServerCompleter servers = new RealServerCompleter();
        servers.runtime = lvs;
        List<String> keys = new ArrayList<>();
        servers.complete(null, new ArgumentCommandLine("10.", 3), keys);
        assertEquals(List.of(RS), keys.stream().map(String::strip).toList());
    }

    private static String row(String[] lines, String first) {
        for (String l : lines) {
            if (l.startsWith(first)) {
                return l;
            }
        }
        throw new AssertionError("no row starting with '" + first + "' in\n" + String.join("\n", lines));
    }

    /** A daemon whose check-config records the file it was asked about. */
    private record CheckingDaemon(LoadResult lastLoad, List<Path> checked) implements Daemon {
        public String version() {
            return "0.1.0-TEST";
        }

        public Instant startedAt() {
            return Instant.now();
        }

        public Path configPath() {
            return Path.of("etc/keepalived.conf");
        }

        public String configId() {
            return "node1";
        }

        public LoadResult reload() {
            return lastLoad;
        }

        public LoadResult checkConfig(Path file) {
            checked.add(file);
            return lastLoad;
        }
    }

    private record Vrrp(List<VrrpInstanceView> instances) implements VrrpRuntime {
        public Optional<VrrpInstanceView> instance(String name) {
            return instances.stream().filter(i -> i.name().equals(name)).findFirst();
        }

        public Map<String, List<String>> syncGroups() {
            return Map.of();
        }
    }

    /** A VRRP instance that records what the commands ask of it. */
    private static final class Instance implements VrrpInstanceView {
        final String name;
        final InstanceState state;
        InetAddress master;
        int masterPriority = -1;
        Integer override;
        int gaveUp;
        final List<String> faults = new ArrayList<>();
        final Map<String, Long> counters = new LinkedHashMap<>();

        Instance(String name, InstanceState state) {
            this.name = name;
            this.state = state;
        }

        public String name() {
            return name;
        }

        public InstanceState state() {
            return state;
        }

        public InstanceState wantedState() {
            return InstanceState.BACKUP;
        }

        public int basePriority() {
            return 100;
        }

        public int effectivePriority() {
            return override == null ? 100 : override;
        }

        public int virtualRouterId() {
            return 51;
        }

        public String interfaceName() {
            return "eth0";
        }

        public int version() {
            return 3;
        }

        public Duration advertInterval() {
            return Duration.ofSeconds(1);
        }

        public InetAddress masterAddress() {
            return master;
        }

        public int masterPriority() {
            return masterPriority;
        }

        public List<String> virtualAddresses() {
            return List.of("192.0.2.10/32 dev eth0", "192.0.2.11/32 dev eth0");
        }

        public Instant lastTransition() {
            return Instant.parse("2026-12-06T09:00:00Z");
        }

        public List<String> faultReasons() {
            return faults;
        }

        public Map<String, Long> counters() {
            return counters;
        }

        public void setPriorityOverride(int priority) {
            override = priority;
        }

        public void clearPriorityOverride() {
            override = null;
        }

        public void giveUpMaster() {
            gaveUp++;
        }

        public void sendGarp() {}
    }
}
