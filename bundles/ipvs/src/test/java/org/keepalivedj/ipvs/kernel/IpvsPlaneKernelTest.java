package org.keepalivedj.ipvs.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.LvsGlobals;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.ipvs.ConnectionTimeouts;
import org.keepalivedj.ipvs.IpvsForwardingPlane;
import org.keepalivedj.ipvs.IpvsPlanes;
import org.keepalivedj.ipvs.SyncDaemonSettings;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;

/**
 * Our plane against ipvsadm in a real IPVS kernel: each case is programmed by us in one namespace
 * and by ipvsadm in another, and {@code ipvsadm -Ln} (plain, --tun-info, --thresholds) must list
 * both alike. Then a read-back through our own decoder must find nothing left to change. The two
 * namespaces are shared by the tests (processes start slowly in the guest) and emptied after each.
 */
@RequiresIpvs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IpvsPlaneKernelTest {

    private static final String VIP = "10.9.0.1";
    private NetLab lab;
    private Netns ours;
    private Netns ref;
    private IpvsForwardingPlane plane;
    private final List<String> pending = new ArrayList<>();

    @BeforeAll
    void createNamespaces() {
        lab = NetLab.create();
        ours = lab.namespace("ours");
        ref = lab.namespace("ref");
    }

    @BeforeEach
    void openPlane() throws Exception {
        plane = ours.call(IpvsPlanes::open);
        assertTrue(plane.available(), "IPVS must be available in the guest");
    }

    @AfterEach
    void emptyBoth() {
        pending.clear();
        if (plane != null) {
            plane.close();
        }
        for (Netns ns : List.of(ours, ref)) {
            ns.execOrThrow("ipvsadm", "-C");
        }
    }

    @AfterAll
    void removeNamespaces() {
        lab.close();
    }

    /** Schedulers this kernel has as modules (every one of them is tested). */
    static List<String> kernelSchedulers() throws Exception {
        String release = new String(Files.readAllBytes(Path.of("/proc/sys/kernel/osrelease"))).trim();
        Path dir = Path.of("/lib/modules", release, "kernel/net/netfilter/ipvs");
        List<String> found = new ArrayList<>();
        for (String s : List.of(
                "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos")) {
            if (Files.exists(dir.resolve("ip_vs_" + s + ".ko"))) {
                found.add(s);
            }
        }
        return found;
    }

    @Test
    void everySchedulerIsCreatedChangedAndDeletedAsIpvsadmWould() throws Exception {
        List<String> schedulers = kernelSchedulers();
        assertTrue(schedulers.size() >= 13, "the 6.1 guest kernel has 13 schedulers, found " + schedulers);
        List<ServiceSpec> specs = new ArrayList<>();
        for (int i = 0; i < schedulers.size(); i++) {
            int port = 1000 + i;
            specs.add(spec(
                    tcp(port),
                    schedulers.get(i),
                    List.of(),
                    null,
                    null,
                    List.of(
                            dest("10.0.0.2", 80, 1, ForwardingMethod.NAT),
                            dest("10.0.0.3", 80, 2, ForwardingMethod.NAT))));
            ipvsadm("-A", "-t", VIP + ":" + port, "-s", schedulers.get(i));
            ipvsadm("-a", "-t", VIP + ":" + port, "-r", "10.0.0.2:80", "-m", "-w", "1");
            ipvsadm("-a", "-t", VIP + ":" + port, "-r", "10.0.0.3:80", "-m", "-w", "2");
        }
        plane.apply(specs);
        assertEquals(3 * schedulers.size(), plane.lastChangeCount());
        assertSameListing();
        assertReadBackMatches(specs);

        // change: each service takes the next scheduler; one call per service
        List<ServiceSpec> changed = new ArrayList<>();
        for (int i = 0; i < schedulers.size(); i++) {
            String next = schedulers.get((i + 1) % schedulers.size());
            ServiceSpec s = specs.get(i);
            changed.add(spec(s.key(), next, List.of(), null, null, s.destinations()));
            ipvsadm("-E", "-t", VIP + ":" + (1000 + i), "-s", next);
        }
        plane.apply(changed);
        assertEquals(schedulers.size(), plane.lastChangeCount());
        assertSameListing();
        assertReadBackMatches(changed);

        plane.apply(List.of());
        assertEquals(schedulers.size(), plane.lastChangeCount());
        ipvsadm("-C");
        assertSameListing();
        assertFalse(listing(ours, "-Ln").contains(VIP), "every service deleted");
    }

    @Test
    void schedulerFlagsPersistenceAndProtocolsAsIpvsadmWould() throws Exception {
        List<ServiceSpec> specs = List.of(
                spec(tcp(81), "sh", List.of("sh-port", "sh-fallback"), null, null, List.of(nat("10.0.0.2", 1))),
                spec(tcp(82), "mh", List.of("mh-port", "mh-fallback"), null, null, List.of(nat("10.0.0.2", 1))),
                spec(
                        ServiceKey.of(addr(VIP), 83, Protocol.UDP),
                        "rr",
                        List.of("ops"),
                        null,
                        null,
                        List.of(nat("10.0.0.2", 1))),
                spec(tcp(84), "wlc", List.of(), Duration.ofSeconds(300), "255.255.255.0", List.of(nat("10.0.0.2", 1))),
                spec(
                        ServiceKey.of(addr(VIP), 85, Protocol.SCTP),
                        "wrr",
                        List.of(),
                        null,
                        null,
                        List.of(nat("10.0.0.2", 3))),
                spec(
                        ServiceKey.of(addr("2001:db8::1"), 86, Protocol.TCP),
                        "lc",
                        List.of(),
                        Duration.ofSeconds(60),
                        "64",
                        List.of(dest("2001:db8::2", 80, 5, ForwardingMethod.NAT))),
                spec(
                        ServiceKey.fwmark(7, Family.INET, Protocol.TCP),
                        "rr",
                        List.of(),
                        null,
                        null,
                        List.of(nat("10.0.0.2", 1))),
                spec(
                        ServiceKey.fwmark(8, Family.INET6, Protocol.TCP),
                        "sed",
                        List.of(),
                        null,
                        null,
                        List.of(dest(
                                "2001:db8::3", 80, 1, new ForwardingMethod(ForwardingMethod.Kind.DR, List.of())))));
        ipvsadm("-A", "-t", VIP + ":81", "-s", "sh", "-b", "sh-port,sh-fallback");
        ipvsadm("-A", "-t", VIP + ":82", "-s", "mh", "-b", "mh-port,mh-fallback");
        ipvsadm("-A", "-u", VIP + ":83", "-s", "rr", "-o");
        ipvsadm("-A", "-t", VIP + ":84", "-s", "wlc", "-p", "300", "-M", "255.255.255.0");
        ipvsadm("-A", "--sctp-service", VIP + ":85", "-s", "wrr");
        ipvsadm("-A", "-t", "[2001:db8::1]:86", "-s", "lc", "-p", "60", "-M", "64");
        ipvsadm("-A", "-f", "7", "-s", "rr");
        ipvsadm("-A", "-f", "8", "-6", "-s", "sed");
        ipvsadm("-a", "-t", VIP + ":81", "-r", "10.0.0.2:80", "-m", "-w", "1");
        ipvsadm("-a", "-t", VIP + ":82", "-r", "10.0.0.2:80", "-m", "-w", "1");
        ipvsadm("-a", "-u", VIP + ":83", "-r", "10.0.0.2:80", "-m", "-w", "1");
        ipvsadm("-a", "-t", VIP + ":84", "-r", "10.0.0.2:80", "-m", "-w", "1");
        ipvsadm("-a", "--sctp-service", VIP + ":85", "-r", "10.0.0.2:80", "-m", "-w", "3");
        ipvsadm("-a", "-t", "[2001:db8::1]:86", "-r", "[2001:db8::2]:80", "-m", "-w", "5");
        ipvsadm("-a", "-f", "7", "-r", "10.0.0.2:80", "-m", "-w", "1");
        ipvsadm("-a", "-f", "8", "-6", "-r", "[2001:db8::3]:80", "-g", "-w", "1");
        plane.apply(specs);
        assertSameListing();
        assertReadBackMatches(specs);

        // change flags and persistence in place: one call each
        List<ServiceSpec> changed = new ArrayList<>(specs);
        changed.set(0, spec(tcp(81), "sh", List.of("sh-port"), null, null, List.of(nat("10.0.0.2", 1))));
        changed.set(3, spec(tcp(84), "wlc", List.of(), null, null, List.of(nat("10.0.0.2", 1))));
        ipvsadm("-E", "-t", VIP + ":81", "-s", "sh", "-b", "sh-port");
        ipvsadm("-E", "-t", VIP + ":84", "-s", "wlc");
        plane.apply(changed);
        assertEquals(2, plane.lastChangeCount());
        assertSameListing();
        assertReadBackMatches(changed);
    }

    @Test
    void forwardingMethodsTunnelsThresholdsAndWeightsAsIpvsadmWould() throws Exception {
        ServiceKey key = tcp(80);
        List<Destination> dests = List.of(
                dest("10.0.0.2", 80, 1, ForwardingMethod.NAT),
                dest("10.0.0.3", 80, 2, new ForwardingMethod(ForwardingMethod.Kind.DR, List.of())),
                dest("10.0.0.4", 80, 3, new ForwardingMethod(ForwardingMethod.Kind.TUN, List.of())),
                dest("10.0.0.5", 80, 4, tun("type", "gue", "port", "6080", "csum")),
                dest("10.0.0.6", 80, 5, tun("type", "gue", "port", "6081", "remcsum")),
                dest("10.0.0.7", 80, 6, tun("type", "gre", "csum")),
                dest("10.0.0.8", 80, 7, tun("type", "ipip")),
                new Destination(addr("10.0.0.9"), 80, 8, ForwardingMethod.NAT, 100, 10));
        ipvsadm("-A", "-t", VIP + ":80", "-s", "wrr");
        ipvsadm("-a", "-t", VIP + ":80", "-r", "10.0.0.2:80", "-m", "-w", "1");
        ipvsadm("-a", "-t", VIP + ":80", "-r", "10.0.0.3:80", "-g", "-w", "2");
        ipvsadm("-a", "-t", VIP + ":80", "-r", "10.0.0.4:80", "-i", "-w", "3");
        ipvsadm(
                "-a",
                "-t",
                VIP + ":80",
                "-r",
                "10.0.0.5:80",
                "-i",
                "--tun-type",
                "gue",
                "--tun-port",
                "6080",
                "--tun-csum",
                "-w",
                "4");
        ipvsadm(
                "-a",
                "-t",
                VIP + ":80",
                "-r",
                "10.0.0.6:80",
                "-i",
                "--tun-type",
                "gue",
                "--tun-port",
                "6081",
                "--tun-remcsum",
                "-w",
                "5");
        ipvsadm("-a", "-t", VIP + ":80", "-r", "10.0.0.7:80", "-i", "--tun-type", "gre", "--tun-csum", "-w", "6");
        ipvsadm("-a", "-t", VIP + ":80", "-r", "10.0.0.8:80", "-i", "--tun-type", "ipip", "-w", "7");
        ipvsadm("-a", "-t", VIP + ":80", "-r", "10.0.0.9:80", "-m", "-w", "8", "-x", "100", "-y", "10");
        List<ServiceSpec> specs = List.of(spec(key, "wrr", List.of(), null, null, dests));
        plane.apply(specs);
        assertEquals(1 + dests.size(), plane.lastChangeCount());
        assertSameListing();
        assertReadBackMatches(specs);

        // a weight change is one call; a method change is one call; a removed server is one call
        List<Destination> changed = new ArrayList<>(dests);
        changed.set(0, dests.get(0).withWeight(0));
        changed.set(1, dest("10.0.0.3", 80, 2, ForwardingMethod.NAT));
        changed.remove(7);
        ipvsadm("-e", "-t", VIP + ":80", "-r", "10.0.0.2:80", "-m", "-w", "0");
        ipvsadm("-e", "-t", VIP + ":80", "-r", "10.0.0.3:80", "-m", "-w", "2");
        ipvsadm("-d", "-t", VIP + ":80", "-r", "10.0.0.9:80");
        plane.apply(List.of(spec(key, "wrr", List.of(), null, null, changed)));
        assertEquals(3, plane.lastChangeCount());
        assertSameListing();

        plane.apply(List.of(spec(key, "wrr", List.of(), null, null, changed)));
        assertEquals(0, plane.lastChangeCount(), "nothing differs, nothing is sent");
    }

    @Test
    void othersServicesAreNeverTouchedAndRefusalsNameTheService() throws Exception {
        ours.execOrThrow("ipvsadm", "-A", "-t", "10.9.9.9:80", "-s", "rr");
        plane.apply(List.of(spec(tcp(80), "rr", List.of(), null, null, List.of(nat("10.0.0.2", 1)))));
        plane.apply(List.of());
        plane.clear();
        String listing = listing(ours, "-Ln");
        assertTrue(listing.contains("10.9.9.9:80"), "a service we did not make stays:\n" + listing);
        assertFalse(listing.contains(VIP + ":80"), listing);

        ForwardingPlaneException e = assertThrows(
                ForwardingPlaneException.class,
                () -> plane.apply(List.of(spec(tcp(80), "no-such-scheduler", List.of(), null, null, List.of()))));
        assertTrue(e.getMessage().contains(VIP) && e.getMessage().contains("no-such-scheduler"), e.getMessage());
        // after a refusal the plane reads the kernel back and carries on
        plane.apply(List.of(spec(tcp(80), "rr", List.of(), null, null, List.of(nat("10.0.0.2", 1)))));
        assertTrue(listing(ours, "-Ln").contains(VIP + ":80 rr"));
    }

    @Test
    void timeoutsAndSyncDaemonAsIpvsadmWould() throws Exception {
        plane.setTimeouts(new ConnectionTimeouts(900, 120, 300));
        ipvsadm("--set", "900", "120", "300");
        runPending();
        assertEquals(
                ref.execOrThrow("ipvsadm", "-L", "--timeout").stdout(),
                ours.execOrThrow("ipvsadm", "-L", "--timeout").stdout());
        assertEquals(new ConnectionTimeouts(900, 120, 300), plane.timeouts());

        for (Netns ns : List.of(ours, ref)) {
            ns.execOrThrow("ip", "link", "add", "sync0", "type", "veth", "peer", "name", "sync1");
            ns.execOrThrow("ip", "link", "set", "sync0", "up");
            ns.execOrThrow("ip", "addr", "add", "10.8.0.1/24", "dev", "sync0");
        }
        plane.startSyncDaemon(new SyncDaemonSettings(SyncDaemonSettings.State.MASTER, "sync0", 5, 0, 0, 0, null));
        ipvsadm("--start-daemon", "master", "--mcast-interface", "sync0", "--syncid", "5");
        runPending();
        assertEquals(
                ref.execOrThrow("ipvsadm", "-L", "--daemon").stdout(),
                ours.execOrThrow("ipvsadm", "-L", "--daemon").stdout());
        assertEquals(Map.of(SyncDaemonSettings.State.MASTER, "sync0 syncid 5"), plane.syncDaemons());
        plane.stopSyncDaemon(SyncDaemonSettings.State.MASTER);
        assertEquals(Map.of(), plane.syncDaemons());
        ref.execOrThrow("sh", "-c", "ipvsadm --stop-daemon master && ip link del sync0");
        ours.execOrThrow("ip", "link", "del", "sync0");
    }

    /**
     * The SPI calls the LVS engine makes for global_defs' lvs_flush, lvs_timeouts and lvs_sync_daemon.
     * (A sync daemon stopped within about a second of its start can keep this guest's kernel from
     * answering for over 10 s, so the flush runs between the daemon's start and its switch.)
     */
    @Test
    void planeWideSettingsThroughTheEnginesInterface() throws Exception {
        plane.applyTimeouts(new LvsGlobals.Timeouts(600, 0, 200));
        assertEquals(
                new ConnectionTimeouts(600, plane.timeouts().tcpFinSeconds(), 200),
                plane.timeouts(),
                "0 leaves tcpfin as it was");

        ours.execOrThrow("ip", "link", "add", "sync0", "type", "veth", "peer", "name", "sync1");
        ours.execOrThrow("ip", "link", "set", "sync0", "up");
        ours.execOrThrow("ip", "addr", "add", "10.8.0.1/24", "dev", "sync0");
        try {
            LvsGlobals.SyncDaemon daemon = new LvsGlobals.SyncDaemon("sync0", "VI_1", null, 0, 0, 0, null);
            plane.applySyncDaemons(daemon, 51, Set.of(LvsGlobals.SyncRole.MASTER));
            assertEquals(Map.of(SyncDaemonSettings.State.MASTER, "sync0 syncid 51"), plane.syncDaemons());

            ours.execOrThrow("ipvsadm", "-A", "-t", "10.9.9.9:80", "-s", "rr");
            plane.apply(List.of(spec(tcp(80), "rr", List.of(), null, null, List.of(nat("10.0.0.2", 1)))));
            plane.flushAll();
            String flushed = listing(ours, "-Ln");
            assertFalse(flushed.contains("TCP"), "lvs_flush empties the table, ours and others':\n" + flushed);
            plane.apply(List.of(spec(tcp(80), "rr", List.of(), null, null, List.of(nat("10.0.0.2", 1)))));
            assertTrue(listing(ours, "-Ln").contains(VIP + ":80 rr"), "and the plane carries on after it");

            plane.applySyncDaemons(daemon, 52, Set.of(LvsGlobals.SyncRole.BACKUP));
            assertEquals(
                    Map.of(SyncDaemonSettings.State.BACKUP, "sync0 syncid 52"),
                    plane.syncDaemons(),
                    "the instance left MASTER: the master daemon stops, the backup daemon starts (with the new id)");
            assertTrue(
                    listing(ours, "-L", "--daemon").contains("backup sync daemon (mcast=sync0, syncid=52,"),
                    listing(ours, "-L", "--daemon"));
            plane.applySyncDaemons(daemon, 52, Set.of());
            assertEquals(Map.of(), plane.syncDaemons());
        } finally {
            ours.execOrThrow(
                    "sh", "-c", "ipvsadm --stop-daemon master; ipvsadm --stop-daemon backup; ip link del sync0; true");
        }
    }

    // ---- helpers ----

    /** Queues one ipvsadm command for the reference namespace; they run together (ipvsadm -R) before the next comparison. */
    private void ipvsadm(String... args) {
        pending.add(String.join(" ", args));
    }

    private void runPending() {
        if (!pending.isEmpty()) {
            // One process for all: spawning processes is slow in the guest.
            ref.execOrThrow("sh", "-c", "ipvsadm -R <<'EOF'\n" + String.join("\n", pending) + "\nEOF\n");
            pending.clear();
        }
    }

    private static final String LISTINGS =
            "ipvsadm -Ln; echo ===; ipvsadm -Ln --tun-info; echo ===; ipvsadm -Ln --thresholds";

    private void assertSameListing() {
        runPending();
        String[] theirs = ref.execOrThrow("sh", "-c", LISTINGS).stdout().split("===\n");
        String[] mine = ours.execOrThrow("sh", "-c", LISTINGS).stdout().split("===\n");
        assertEquals(3, mine.length);
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    normalized(theirs[i]),
                    normalized(mine[i]),
                    "ipvsadm listing " + i + " differs between ipvsadm's and our programming");
        }
    }

    private static String listing(Netns ns, String... options) {
        String[] command = new String[options.length + 1];
        command[0] = "ipvsadm";
        System.arraycopy(options, 0, command, 1, options.length);
        return ns.execOrThrow(command).stdout();
    }

    /** Services come out in hash order, which differs between namespaces: sort the service blocks. */
    static String normalized(String listing) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : listing.split("\n")) {
            if (line.startsWith("  -> ") && current != null) {
                current.append(line.stripTrailing()).append('\n');
            } else {
                if (current != null) {
                    blocks.add(current.toString());
                }
                current = new StringBuilder(line.stripTrailing()).append('\n');
            }
        }
        if (current != null) {
            blocks.add(current.toString());
        }
        String[] sorted = blocks.toArray(new String[0]);
        Arrays.sort(sorted);
        return String.join("", sorted);
    }

    /** A fresh read-back through our decoder finds nothing to change. */
    private void assertReadBackMatches(List<ServiceSpec> specs) throws Exception {
        plane.reconcile();
        plane.apply(specs);
        assertEquals(0, plane.lastChangeCount(), "what we read back equals what we wrote");
    }

    static ServiceKey tcp(int port) {
        return ServiceKey.of(addr(VIP), port, Protocol.TCP);
    }

    static ServiceSpec spec(
            ServiceKey key,
            String scheduler,
            List<String> flags,
            Duration persistence,
            String netmask,
            List<Destination> destinations) {
        return new ServiceSpec(key, scheduler, flags, persistence, netmask, destinations);
    }

    static Destination nat(String address, int weight) {
        return dest(address, 80, weight, ForwardingMethod.NAT);
    }

    static Destination dest(String address, int port, int weight, ForwardingMethod method) {
        return new Destination(addr(address), port, weight, method, 0, 0);
    }

    static ForwardingMethod tun(String... options) {
        return new ForwardingMethod(ForwardingMethod.Kind.TUN, List.of(options));
    }

    static InetAddress addr(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
