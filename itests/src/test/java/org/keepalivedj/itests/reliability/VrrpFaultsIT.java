package org.keepalivedj.itests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.itests.Awaits;
import org.keepalivedj.testsupport.NameServer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Issue 10, faults in the network and in what the daemon runs: two VRRP engines in-process, each
 * in its own namespace on one bridge (n1 priority 150, n2 priority 100, VRRPv3 at 0.5 s), and a
 * client that talks to the VIP all the time (a name server on each node tells who answered). Each
 * test starts from n1 MASTER, and ends with the VIP on exactly one node and traffic flowing.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VrrpFaultsIT {

    private static final String VIP = "10.64.0.100";
    private static final double ADVERT = 0.5;

    /** %1$s node dir, %2$d priority, %3$s extra global_defs lines, %4$s extra instance lines. */
    private static final String CONF = """
            global_defs {
                vrrp_version 3
            %3$s
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 64
                priority %2$d
                advert_int 0.5
                notify "%1$s/notify.sh"
            %4$s
                virtual_ipaddress {
                    10.64.0.100/24
                }
            }
            """;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @TempDir
    static Path tmp;

    private NetLab lab;
    private EngineNode n1;
    private EngineNode n2;
    private TcpProbe probe;

    @BeforeAll
    void start() throws Exception {
        // notify scripts that hang are killed after 2 s here (read once, when the engine class loads)
        System.setProperty("keepalivedj.notify.timeout", "2");
        lab = NetLab.create();
        Netns ns1 = lab.node("n1", "10.64.0.1/24");
        Netns ns2 = lab.node("n2", "10.64.0.2/24");
        Netns client = lab.node("client", "10.64.0.50/24");
        resources.add(NameServer.start(ns1, "n1", 7000));
        resources.add(NameServer.start(ns2, "n2", 7000));
        n1 = EngineNode.start("n1", ns1, tmp.resolve("n1"));
        n2 = EngineNode.start("n2", ns2, tmp.resolve("n2"));
        for (EngineNode n : List.of(n1, n2)) {
            Path script = tmp.resolve(n.name).resolve("notify.sh");
            Files.writeString(
                    script, "#!/bin/sh\necho \"$@\" >> " + tmp.resolve(n.name).resolve("notify.out") + "\n");
            script.toFile().setExecutable(true);
        }
        n1.apply(conf(n1, 150, "", ""));
        n2.apply(conf(n2, 100, "", ""));
        probe = TcpProbe.start(client, VIP, 7000);
    }

    @BeforeEach
    void n1IsMaster() throws Exception {
        awaitSettled("before the test");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (probe != null) {
                probe.close();
            }
            for (EngineNode n : new EngineNode[] {n1, n2}) {
                if (n != null) {
                    n.close();
                }
            }
            for (AutoCloseable r : resources) {
                r.close();
            }
        } finally {
            lab.close();
        }
    }

    @Test
    void aPartitionMadeOnTheBridgeSplitsTheBrainAndTheHealMendsItWithinAnAdvertInterval() throws Exception {
        Netns sw = lab.switchNamespace();
        long cut = System.nanoTime();
        sw.execOrThrow(
                "sh",
                "-c",
                "printf '%s\\n' 'table bridge kjpart {' ' chain cut {'"
                        + " '  type filter hook forward priority 0; policy accept;'"
                        + " '  iifname \"" + NetLab.portName("n1") + "\" oifname \"" + NetLab.portName("n2")
                        + "\" ip protocol 112 drop'"
                        + " '  iifname \"" + NetLab.portName("n2") + "\" oifname \"" + NetLab.portName("n1")
                        + "\" ip protocol 112 drop'"
                        + " ' }' '}' | nft -f -");
        try {
            Awaits.until(
                    "split brain: both MASTER with the VIP",
                    30_000,
                    () -> n2.state() == InstanceState.MASTER && vipHolders().equals(List.of("n1", "n2")));
            assertEquals(InstanceState.MASTER, n1.state(), "n1 stays MASTER");
        } finally {
            sw.execOrThrow("nft", "delete", "table", "bridge", "kjpart");
        }
        long healed = System.nanoTime();
        Awaits.until(
                "n2 BACKUP again after the heal", 30_000, () -> n2.firstSince(healed, InstanceState.BACKUP) != null);
        double resolved = (n2.firstSince(healed, InstanceState.BACKUP).nanos() - healed) / 1e9;
        Awaits.until(
                "one VIP holder, serving the client",
                30_000,
                () -> vipHolders().equals(List.of("n1"))
                        && probe.firstSuccessFrom("n1", healed) > 0
                        && probe.steadilyServedBy("n1", 3));
        double traffic = (probe.firstSuccessFrom("n1", healed) - healed) / 1e9;
        // notify scripts report both transitions of n2, in order
        Awaits.until("n2's notify script saw MASTER then BACKUP", 10_000, () -> {
            List<String> lines = notifyLines(n2);
            int master = lines.lastIndexOf("INSTANCE VI_1 MASTER 100");
            return master >= 0 && lines.subList(master, lines.size()).contains("INSTANCE VI_1 BACKUP 100");
        });
        System.out.printf(
                Locale.ROOT,
                "RECOVERY partition healed: split brain resolved %.2f s after the heal (advert_int %.1f s);"
                        + " the client reached the master again after %.2f s%n",
                resolved,
                ADVERT,
                traffic);
        // one advert interval for n1's next advert to arrive, plus room for a loaded machine
        assertTrue(resolved <= ADVERT + 1.0, "resolved " + resolved + " s after the heal");
        assertStaysSingle(2_000);
    }

    @Test
    void anInterfaceFlapping20TimesIn10SecondsEndsInTheRightStateWithoutLeaks() throws Exception {
        long threads0 = engineThreads();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            n1.ns.execOrThrow("ip", "link", "set", "eth0", "down");
            Thread.sleep(250);
            n1.ns.execOrThrow("ip", "link", "set", "eth0", "up");
            Thread.sleep(250);
        }
        long flapped = System.nanoTime();
        awaitSettled("after the flapping");
        double settled = (System.nanoTime() - flapped) / 1e9;
        assertEquals(1, n1.addressCount("eth0", VIP), "the VIP once on n1");
        assertEquals(0, n2.addressCount("eth0", VIP), "no VIP left on n2");
        assertEquals(
                1,
                n1.addresses().added().size(),
                "n1 knows one address of its own: " + n1.addresses().added());
        assertEquals(
                0,
                n2.addresses().added().size(),
                "n2 holds nothing: " + n2.addresses().added());
        long threads1 = engineThreads();
        assertTrue(threads1 <= threads0 + 2, "no thread leak: " + threads0 + " -> " + threads1);
        System.out.printf(
                Locale.ROOT,
                "RECOVERY flapping: 20 flaps in %.1f s; n1 MASTER alone and serving %.2f s after the last;"
                        + " engine threads %d -> %d%n",
                (flapped - start) / 1e9,
                settled,
                threads0,
                threads1);
    }

    @Test
    void aNotifyScriptThatHangsIsKilledAtItsTimeoutAndVrrpCarriesOn() throws Exception {
        Path pids = tmp.resolve("hang.pids");
        Path hang = tmp.resolve("hang.sh");
        Files.writeString(hang, "#!/bin/sh\necho $$ >> " + pids + "\nexec sleep 600\n");
        hang.toFile().setExecutable(true);
        String hanging = conf(n1, 150, "", "    notify_master \"" + hang + "\"\n    notify_backup \"" + hang + "\"");
        long t0 = System.nanoTime();
        n1.apply(hanging); // a changed instance restarts: BACKUP, then MASTER; each runs the hanging script
        Awaits.until(
                "the hanging script started",
                30_000,
                () -> Files.exists(pids) && !Files.readString(pids).isBlank());
        long pid = Long.parseLong(Files.readAllLines(pids).get(0).trim());
        long sent = n1.instance("VI_1").counters().get("advertisementsSent");
        // VRRP carries on while the script hangs: n1 MASTER, adverts going out, n2 stays BACKUP
        awaitSettled("with a notify script hanging");
        Awaits.until(
                "adverts keep going out",
                10_000,
                () -> n1.instance("VI_1").counters().get("advertisementsSent") >= sent + 3);
        // and the script dies at its 2 s timeout
        Awaits.until(
                "the hanging script killed",
                15_000,
                () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        double killedAfter = (System.nanoTime() - t0) / 1e9;
        // more transitions still notify: give the master up and take it back
        int before = notifyLines(n1).size();
        n1.instance("VI_1").giveUpMaster();
        Awaits.until("n2 took over", 10_000, () -> n2.state() == InstanceState.MASTER);
        awaitSettled("n1 took the VIP back");
        Awaits.until(
                "the generic notify still runs", 10_000, () -> notifyLines(n1).size() >= before + 2);
        for (String p : Files.readAllLines(pids)) {
            long other = Long.parseLong(p.trim());
            Awaits.until(
                    "every hanging script killed",
                    15_000,
                    () -> !ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false));
        }
        System.out.printf(
                Locale.ROOT,
                "RECOVERY hanging notify script: killed %.1f s after the reload that started it"
                        + " (timeout 2 s); VRRP unaffected%n",
                killedAfter);
        n1.apply(conf(n1, 150, "", ""));
    }

    @Test
    void aNotifyFifoWithNoReaderNeverBlocks() throws Exception {
        Path fifo = tmp.resolve("nobody-reads");
        assertEquals(
                0,
                new ProcessBuilder("mkfifo", fifo.toString())
                        .inheritIO()
                        .start()
                        .waitFor());
        long applyWithFifo = n1.apply(conf(n1, 150, "    vrrp_notify_fifo " + fifo, ""));
        long t0 = System.nanoTime();
        awaitSettled("with a FIFO nobody reads");
        Awaits.until(
                "n1 MASTER since the FIFO config",
                10_000,
                () -> n1.firstSince(t0 - applyWithFifo, InstanceState.MASTER) != null);
        // transitions keep coming while the FIFO is never read
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            n1.instance("VI_1").giveUpMaster();
            Awaits.until("n2 took over", 10_000, () -> n2.firstSince(t, InstanceState.MASTER) != null);
            awaitSettled("n1 took the VIP back");
        }
        // and a reload that drops the FIFO (closing it) returns at once
        long applyWithout = n1.apply(conf(n1, 150, "", ""));
        assertTrue(
                applyWithFifo < 8_000_000_000L && applyWithout < 8_000_000_000L,
                "reloads return: " + applyWithFifo / 1_000_000 + " ms and " + applyWithout / 1_000_000 + " ms");
        awaitSettled("after dropping the FIFO");
        System.out.printf(
                Locale.ROOT,
                "RECOVERY notify FIFO without a reader: reloads took %d ms and %d ms; 3 failovers done%n",
                applyWithFifo / 1_000_000,
                applyWithout / 1_000_000);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private String conf(EngineNode n, int priority, String globals, String instance) {
        return CONF.formatted(tmp.resolve(n.name), priority, globals, instance);
    }

    /** n1 MASTER, n2 BACKUP, the VIP on n1 alone, and the client served by n1. */
    private void awaitSettled(String when) throws Exception {
        try {
            Awaits.until(
                    "n1 MASTER alone with the VIP, serving the client (" + when + ")",
                    30_000,
                    () -> n1.state() == InstanceState.MASTER
                            && n2.state() == InstanceState.BACKUP
                            && vipHolders().equals(List.of("n1"))
                            && probe.steadilyServedBy("n1", 3));
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + ": n1 " + n1.state() + ", n2 " + n2.state() + ", VIP on " + vipHolders()
                            + ", client " + probe.recent(),
                    e);
        }
    }

    private void assertStaysSingle(long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            assertEquals(List.of("n1"), vipHolders(), "one VIP holder");
            Thread.sleep(100);
        }
    }

    private List<String> vipHolders() {
        List<String> out = new ArrayList<>();
        for (EngineNode n : List.of(n1, n2)) {
            if (n.addressCount("eth0", VIP) > 0) {
                out.add(n.name);
            }
        }
        return out;
    }

    private List<String> notifyLines(EngineNode n) throws Exception {
        Path out = tmp.resolve(n.name).resolve("notify.out");
        return Files.exists(out) ? Files.readAllLines(out) : List.of();
    }

    /** Threads of the VRRP engines (timer, receivers, notify pools). */
    private static long engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("vrrp") || t.getName().startsWith("netlink"))
                .count();
    }
}
