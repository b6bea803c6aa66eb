package org.keepalivedj.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.testsupport.Commands;
import org.keepalivedj.testsupport.KeepalivedPeer;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Needs root and Debian's keepalived 2.2.7 (built with BFD): our engine in one namespace, keepalived
 * with a bfd_instance and two vrrp_instances tracking it in another, joined by a veth pair, sessions at
 * 50 ms x 3 (detection time 150 ms) both ways. Checks that the session comes Up; that keepalived
 * detects our silence (our packets dropped by nftables: no AdminDown, only silence tells) and its
 * track_bfd follows (the unweighted instance goes FAULT, the weighted one loses its weight); that our
 * AdminDown takes its instance to FAULT at once; and that we detect a SIGKILLed keepalived within
 * the detection time.
 */
@RequiresRoot
class BfdKeepalivedNamespaceTest {

    private static final long MS = 1_000_000L;
    private static final String OURS = "10.79.0.1";
    private static final String KA = "10.79.0.2";

    private Netns ours;
    private Netns ka;
    private Path dir;
    private BfdEngine engine;
    private String keepalivedConfig;
    private KeepalivedPeer keepalived;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

    record Event(String session, BfdState to, Diagnostic diagnostic, long at) {}

    @BeforeEach
    void lab() throws Exception {
        KeepalivedPeer.assumeInstalled();
        ours = Netns.create("bfdka-ours");
        ka = Netns.create("bfdka-ka");
        Commands.run("ip", "link", "add", "bfdka0", "type", "veth", "peer", "name", "bfdka1")
                .orThrow();
        Commands.run("ip", "link", "set", "bfdka0", "netns", ours.name()).orThrow();
        Commands.run("ip", "link", "set", "bfdka1", "netns", ka.name()).orThrow();
        ours.execOrThrow("ip", "addr", "add", OURS + "/24", "dev", "bfdka0");
        ours.execOrThrow("ip", "link", "set", "bfdka0", "up");
        ka.execOrThrow("ip", "addr", "add", KA + "/24", "dev", "bfdka1");
        ka.execOrThrow("ip", "link", "set", "bfdka1", "up");
        dir = Files.createTempDirectory(
                "bfdka", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path notify = dir.resolve("notify.sh");
        // Each line: wall-clock nanoseconds, INSTANCE, name, state.
        Files.writeString(notify, "#!/bin/sh\necho \"$(date +%s%N) $1 $2 $3\" >> " + dir.resolve("notify.log") + "\n");
        Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwx------"));
        keepalivedConfig = """
                global_defs {
                  router_id bfdka
                  script_user root
                  enable_script_security
                }
                bfd_instance ours {
                  neighbor_ip %1$s
                  source_ip %2$s
                  min_rx 50
                  min_tx 50
                  multiplier 3
                }
                vrrp_instance VI_FAULT {
                  state BACKUP
                  interface bfdka1
                  virtual_router_id 79
                  priority 100
                  advert_int 1
                  virtual_ipaddress {
                    10.79.0.100/24
                  }
                  track_bfd {
                    ours
                  }
                  notify %3$s
                }
                vrrp_instance VI_WEIGHT {
                  state BACKUP
                  interface bfdka1
                  virtual_router_id 80
                  priority 100
                  advert_int 1
                  virtual_ipaddress {
                    10.79.0.101/24
                  }
                  track_bfd {
                    ours weight 20
                  }
                  notify %3$s
                }
                """.formatted(OURS, KA, notify);
        // As a service unit would (Nice=-10 for keepalived-j, keepalived's own BFD process likewise):
        // on this shared, loaded machine a 150 ms detection time is otherwise at the mercy of builds.
        Commands.run(
                "renice",
                "-n",
                "-10",
                "-p",
                Long.toString(ProcessHandle.current().pid()));
        engine = new BfdEngine(ours.name());
        engine.addListener((s, from, to, d, at) -> events.add(new Event(s, to, d, at)));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (engine != null) {
            engine.close();
        }
        Commands.run(
                "renice", "-n", "0", "-p", Long.toString(ProcessHandle.current().pid()));
        killKeepalived();
        if (ka != null) {
            ka.close();
        }
        if (ours != null) {
            ours.close();
        }
        if (dir != null && Boolean.getBoolean("bfd.keep")) {
            System.out.println("keepalived's files kept in " + dir);
        } else if (dir != null) {
            Commands.run("rm", "-rf", dir.toString());
        }
    }

    private void startKeepalived() throws Exception {
        Files.deleteIfExists(dir.resolve("notify.log"));
        keepalived = KeepalivedPeer.start(
                ka,
                dir,
                "keepalived",
                keepalivedConfig,
                KeepalivedPeer.Options.logged("-G").niceness(-10));
        keepalived.awaitChild("bfd", Duration.ofSeconds(10));
    }

    /** SIGKILL of all its processes at once: no AdminDown goes out. */
    private void killKeepalived() throws Exception {
        if (keepalived != null) {
            keepalived.kill();
        }
    }

    private BfdInstance ourInstance() throws Exception {
        String conf = """
                bfd_instance keepalived {
                  neighbor_ip %s
                  source_ip %s
                  min_rx 50
                  min_tx 50
                  multiplier 3
                }
                """.formatted(KA, OURS);
        return KeepalivedConfigLoader.withBuiltinCheckers()
                .load(conf, "ours.conf", dir)
                .config()
                .bfdInstances()
                .get("keepalived");
    }

    /** The notify lines keepalived wrote, each as {wall-clock ns, name, state}. */
    private List<String[]> notifications() throws IOException {
        Path log = dir.resolve("notify.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream()
                .map(l -> l.split(" "))
                .filter(f -> f.length == 4)
                .map(f -> new String[] {f[0], f[2], f[3]})
                .toList();
    }

    /** When instance last entered state, as a wall-clock ns; -1 if it has not since the given time. */
    private long entered(String instance, String state, long sinceWallNanos) throws IOException {
        long at = -1;
        for (String[] n : notifications()) {
            long t = Long.parseLong(n[0]);
            if (n[1].equals(instance) && n[2].equals(state) && t >= sinceWallNanos) {
                at = t;
            }
        }
        return at;
    }

    private String lastState(String instance) throws IOException {
        String state = "";
        for (String[] n : notifications()) {
            if (n[1].equals(instance)) {
                state = n[2];
            }
        }
        return state;
    }

    private String log() {
        return keepalived == null ? "" : keepalived.logText();
    }

    private static long wallNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Test
    void sessionWithKeepalivedDetectsBothWaysAndItsTrackBfdFollows() throws Exception {
        // What crossed the wire, timed by the kernel on keepalived's side: keepalived's detection is
        // measured from our last packet it received to its Down.
        ka.start(
                "sh", "-c", "exec tcpdump -l -i bfdka1 -n -tt -v udp port 3784 > " + dir.resolve("dump.txt") + " 2>&1");
        await(
                5_000,
                () -> Files.exists(dir.resolve("dump.txt"))
                        && Files.readString(dir.resolve("dump.txt")).contains("listening on"),
                () -> "tcpdump did not start");
        startKeepalived();
        assertEquals(List.of(), engine.apply(List.of(ourInstance())));
        awaitUp();
        awaitFastTimers();

        BfdSessionView view = engine.views().get(0);
        assertEquals("Up", view.state());
        assertEquals("Up", view.remoteState());
        assertTrue(view.remoteDiscriminator() != 0, view.toString());
        assertEquals(50, view.transmitInterval().toMillis());
        assertEquals(50, view.receiveInterval().toMillis());
        assertEquals(150, view.detectionTime().toMillis());
        assertTrue(view.packetsIn() > 0 && view.packetsOut() > 0, view.toString());
        assertEquals(0, view.packetsDropped());

        // keepalived's tracking: the unweighted instance leaves FAULT, the weighted one gains 20.
        await(
                10_000,
                () -> !lastState("VI_FAULT").isEmpty() && !lastState("VI_FAULT").equals("FAULT"),
                () -> "VI_FAULT not out of FAULT: " + notificationsText());
        await(
                5_000,
                () -> log().contains("(VI_WEIGHT) Changing effective priority from 100 to 120"),
                () -> "no weight added: " + log());

        // 1. We go silent (our packets dropped by nftables, no AdminDown): keepalived detects it within
        // its detection time, measured on the wire (capture on its side) from our last packet it got to
        // its Down, and its track_bfd follows.
        Thread.sleep(Long.getLong("bfd.settle", 0));
        ours.execOrThrow("nft", "add table inet bfdka");
        ours.execOrThrow("nft", "add chain inet bfdka out { type filter hook output priority 0 ; }");
        long silentWall = wallNanos();
        ours.execOrThrow("nft", "add rule inet bfdka out udp dport 3784 drop");
        long wireDetect = keepalivedDetectionOnTheWire(silentWall);
        await(
                5_000,
                () -> entered("VI_FAULT", "FAULT", silentWall) > 0,
                () -> "VI_FAULT not FAULT: " + notificationsText());
        await(
                5_000,
                () -> log().contains("(VI_WEIGHT) Changing effective priority from 120 to 100"),
                () -> "weight not removed: " + log());
        System.out.printf(
                "keepalived's Down left %.1f ms after our last packet reached it (detection time 150 ms, its"
                        + " transmit interval 50 ms)%n",
                wireDetect / 1e6);
        // keepalived checks its detection timer when it would next transmit: Down goes out within the
        // detection time plus one of its 50 ms intervals (and 10 ms).
        assertTrue(
                wireDetect >= 150 * MS && wireDetect <= 210 * MS,
                "keepalived's Down " + wireDetect / 1e6 + " ms after our last packet");

        ours.execOrThrow("nft", "delete table inet bfdka");
        awaitUp();
        await(
                10_000,
                () -> !lastState("VI_FAULT").equals("FAULT"),
                () -> "VI_FAULT still FAULT: " + notificationsText());
        await(
                5_000,
                () -> log().split("\\(VI_WEIGHT\\) Changing effective priority from 100 to 120", -1).length >= 3,
                () -> "weight not back: " + log());

        // 2. We stop the session: our AdminDown takes keepalived's session Down at once, but keepalived
        // does not tell its VRRP instances (RFC 5882 section 3.2: a peer taken down administratively is
        // not a path failure), so VI_FAULT stays out of FAULT.
        await(
                5_000,
                () -> engine.state("keepalived") == BfdState.UP
                        && !lastState("VI_FAULT").equals("FAULT"),
                () -> "not Up again: " + notificationsText());
        events.clear();
        long stoppedWall = wallNanos();
        engine.stopSessions();
        await(
                2_000,
                () -> log().contains("(ours) Entering Down state (Local diagnostic - Neighbor Signaled Session Down,"
                        + " Remote diagnostic - Administratively Down)"),
                () -> "keepalived's session not Down after our AdminDown: " + log());
        Thread.sleep(1_000); // more than a detection time: keepalived's VRRP would have heard by now
        assertEquals(-1, entered("VI_FAULT", "FAULT", stoppedWall), notificationsText());
        events.clear();
        assertEquals(List.of(), engine.apply(List.of(ourInstance())));
        awaitUp();
        awaitFastTimers();

        // 3. keepalived is SIGKILLed: we detect its silence within 3 x 50 ms + 10 ms.
        events.clear();
        long killed = System.nanoTime();
        killKeepalived();
        long after = System.nanoTime();
        Event down = nextDown();
        assertEquals(Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, down.diagnostic());
        System.out.printf("we detected keepalived's SIGKILL after %.1f ms%n", (down.at() - killed) / 1e6);
        assertTrue(
                down.at() - killed <= 160 * MS + (after - killed), "Down after " + (down.at() - killed) / 1e6 + " ms");
        BfdSessionView afterKill = engine.views().get(0);
        assertEquals("Down", afterKill.state());
        assertEquals("Control Detection Time Expired", afterKill.lastDownDiagnostic());
        assertTrue(afterKill.downTransitions() >= 1, afterKill.toString());

        startKeepalived();
        awaitUp();
        assertEquals(0, engine.ttlRejectedPackets());
        assertEquals(0, engine.malformedPackets());
    }

    /**
     * From the capture on keepalived's side: the time between the last packet of ours it received
     * before the silence and its first Down after it, in nanoseconds.
     */
    private long keepalivedDetectionOnTheWire(long silentWall) throws Exception {
        long deadline = System.nanoTime() + 3_000 * MS;
        while (true) {
            long found = detectionInCapture(silentWall);
            if (found >= 0) {
                return found;
            }
            assertTrue(System.nanoTime() < deadline, "no Down from keepalived in the capture after the silence");
            Thread.sleep(20); // tcpdump prints line by line, a little after the packet
        }
    }

    private long detectionInCapture(long silentWall) throws Exception {
        double silentAt = silentWall / 1e9;
        double ourLast = -1;
        double time = 0;
        String source = "";
        for (String line : Files.readAllLines(dir.resolve("dump.txt"))) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("^(\\d+\\.\\d+) IP ").matcher(line);
            if (m.find()) {
                time = Double.parseDouble(m.group(1));
            } else if (line.contains(" > ") && line.contains("BFD")) {
                source = line.trim().split(" ")[0];
            } else if (line.contains("Control, State")) {
                if (source.startsWith(OURS + ".")) {
                    ourLast = time;
                } else if (time > silentAt && line.contains("State Down")) {
                    assertTrue(ourLast > 0, "no packet of ours before keepalived's Down");
                    return (long) ((time - ourLast) * 1e9);
                }
            }
        }
        return -1;
    }

    private String notificationsText() {
        try {
            return notifications().stream()
                    .map(n -> String.join(" ", n))
                    .toList()
                    .toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The next Down event, within 5 s (an Up of a session that had just come back is passed over). */
    private Event nextDown() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000 * MS;
        while (true) {
            Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertTrue(e != null, "no Down within 5 s");
            if (e.to() == BfdState.DOWN) {
                return e;
            }
        }
    }

    private void awaitUp() throws InterruptedException {
        long deadline = System.nanoTime() + 15_000 * MS;
        while (true) {
            Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertTrue(e != null, "session not Up within 15 s; keepalived log: " + log());
            if (e.to() == BfdState.UP) {
                return;
            }
        }
    }

    /** Detection is measured only once both sides run at 50 ms (Up comes at the 1 s idle rate). */
    private void awaitFastTimers() throws Exception {
        await(
                5_000,
                () -> engine.sessions().stream().allMatch(s -> s.detectionTimeNanos() == 150 * MS),
                () -> "timers not at 3 x 50 ms: " + engine.sessions());
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void await(long millis, Check check, Supplier<String> message) throws Exception {
        long deadline = System.nanoTime() + millis * MS;
        while (!check.holds()) {
            assertTrue(System.nanoTime() < deadline, message);
            Thread.sleep(5);
        }
    }
}
