package org.keepalivedj.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.testsupport.Commands;
import org.keepalivedj.testsupport.FrrBfdd;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * Needs root and FRR. track_bfd end to end: router A (our BFD engine and VRRP engine, both fed one
 * keepalived.conf) and router B (FRR's bfdd as A's BFD peer, and a second VRRP engine without
 * track_bfd) share a veth link. A is master of two instances while the session is Up; a SIGKILL of
 * bfdd must then move them: VI_F (track_bfd with no weight) into FAULT, which hands the VIP to B at
 * once (priority 0 advert), and VI_W (weight -100, 150 to 50) to BACKUP when B preempts; VI_S,
 * whose sync group tracks the session, into FAULT as VI_F. Times are
 * measured from the kill; bfdd's restart brings A back as master.
 */
@RequiresRoot
class BfdTrackNamespaceTest {
    private static final long MS = 1_000_000L;
    private static final long DETECTION = 150 * MS;
    private static final long ADVERT = 100 * MS;
    /** B's Master_Down_Interval at priority 100: 3 x advert + skew ((256 - 100) / 256 x advert). */
    private static final long MASTER_DOWN = 3 * ADVERT + (256 - 100) * ADVERT / 256;

    private static final String A_CONF = """
            global_defs {
              vrrp_version 3
            }
            bfd_instance frr {
              neighbor_ip 10.79.0.2
              min_rx 50
              min_tx 50
              multiplier 3
            }
            vrrp_instance VI_F {
              state BACKUP
              interface bfdtrk0
              virtual_router_id 41
              priority 150
              advert_int 0.1
              track_bfd {
                frr
              }
              virtual_ipaddress {
                192.0.2.141/32 dev bfdtrk0
              }
            }
            vrrp_instance VI_W {
              state BACKUP
              interface bfdtrk0
              virtual_router_id 42
              priority 150
              advert_int 0.1
              track_bfd {
                frr weight -100
              }
              virtual_ipaddress {
                192.0.2.142/32 dev bfdtrk0
              }
            }
            vrrp_sync_group G_S {
              group {
                VI_S
              }
              track_bfd {
                frr
              }
            }
            vrrp_instance VI_S {
              state BACKUP
              interface bfdtrk0
              virtual_router_id 43
              priority 150
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.143/32 dev bfdtrk0
              }
            }
            """;

    private static final String B_CONF = """
            global_defs {
              vrrp_version 3
            }
            vrrp_instance VI_F {
              state BACKUP
              interface bfdtrk1
              virtual_router_id 41
              priority 100
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.141/32 dev bfdtrk1
              }
            }
            vrrp_instance VI_W {
              state BACKUP
              interface bfdtrk1
              virtual_router_id 42
              priority 100
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.142/32 dev bfdtrk1
              }
            }
            vrrp_instance VI_S {
              state BACKUP
              interface bfdtrk1
              virtual_router_id 43
              priority 100
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.143/32 dev bfdtrk1
              }
            }
            """;

    private Netns a;
    private Netns b;
    private Path dir;
    private BfdEngine bfd;
    private NetlinkAddressManager addressesA;
    private NetlinkAddressManager addressesB;
    private VrrpEngine vrrpA;
    private VrrpEngine vrrpB;
    private Process bfdd;

    record Change(String router, String instance, InstanceState to, long at) {}

    private final List<Change> changes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void lab() throws Exception {
        a = Netns.create("bfdtrk-a");
        b = Netns.create("bfdtrk-b");
        Commands.run("ip", "link", "add", "bfdtrk0", "type", "veth", "peer", "name", "bfdtrk1")
                .orThrow();
        Commands.run("ip", "link", "set", "bfdtrk0", "netns", a.name()).orThrow();
        Commands.run("ip", "link", "set", "bfdtrk1", "netns", b.name()).orThrow();
        a.execOrThrow("ip", "addr", "add", "10.79.0.1/24", "dev", "bfdtrk0");
        a.execOrThrow("ip", "link", "set", "bfdtrk0", "up");
        b.execOrThrow("ip", "addr", "add", "10.79.0.2/24", "dev", "bfdtrk1");
        b.execOrThrow("ip", "link", "set", "bfdtrk1", "up");
        dir = Files.createTempDirectory("bfdtrk");
        Files.writeString(dir.resolve("bfdd.conf"), """
                bfd
                 peer 10.79.0.1
                  receive-interval 50
                  transmit-interval 50
                  detect-multiplier 3
                 !
                !
                """);
        FrrBfdd.prepare(dir);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (bfdd != null) {
                bfdd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (AutoCloseable c : new AutoCloseable[] {vrrpA, vrrpB, bfd, addressesA, addressesB}) {
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            b.close();
            a.close();
            Commands.run("rm", "-rf", dir.toString());
        }
    }

    private KeepalivedConfig load(String text, String name) throws Exception {
        return KeepalivedConfigLoader.withBuiltinCheckers()
                .load(text, name, dir)
                .config();
    }

    private InstanceState state(VrrpEngine e, String instance) {
        return e.instance(instance).orElseThrow().state();
    }

    /** The first change of this router's instance to this state at or after the given time, or null. */
    private Change first(String router, String instance, InstanceState to, long since) {
        return changes.stream()
                .filter(c ->
                        c.router().equals(router) && c.instance().equals(instance) && c.to() == to && c.at() >= since)
                .findFirst()
                .orElse(null);
    }

    @Test
    void aKilledPeerMovesTheMasterWithinDetectionTimeAndOneAdvert() throws Exception {
        KeepalivedConfig confA = load(A_CONF, "a.conf");
        KeepalivedConfig confB = load(B_CONF, "b.conf");
        bfd = new BfdEngine(a.name());
        addressesA = a.call(() -> NetlinkAddressManager.open(dir.resolve("a")));
        addressesB = b.call(() -> NetlinkAddressManager.open(dir.resolve("b")));
        vrrpA = a.call(() -> VrrpEngine.builder(addressesA).start());
        vrrpB = b.call(() -> VrrpEngine.builder(addressesB).start());
        vrrpA.addListener((v, from, to) -> changes.add(new Change("A", v.name(), to, System.nanoTime())));
        vrrpB.addListener((v, from, to) -> changes.add(new Change("B", v.name(), to, System.nanoTime())));
        bfd.addSessionListener(vrrpA);
        assertEquals(List.of(), bfd.apply(confA.bfdInstances().values()));
        a.run(() -> vrrpA.apply(confA));
        b.run(() -> vrrpB.apply(confB));

        await(() -> state(vrrpA, "VI_F") == InstanceState.FAULT, "VI_F in FAULT while the session is not Up");
        await(() -> state(vrrpA, "VI_S") == InstanceState.FAULT, "VI_S (sync group track_bfd) in FAULT too");
        assertEquals(
                List.of("bfd frr down"), vrrpA.instance("VI_F").orElseThrow().faultReasons());
        await(() -> vrrpA.instance("VI_W").orElseThrow().effectivePriority() == 50, "VI_W at 150 - 100");
        await(
                () -> state(vrrpB, "VI_F") == InstanceState.MASTER && state(vrrpB, "VI_W") == InstanceState.MASTER,
                "B master of both");

        int runs = Integer.getInteger("bfd.track.runs", 1);
        List<long[]> figures = new java.util.ArrayList<>();
        for (int run = 0; run < runs; run++) {
            bfdd = FrrBfdd.start(b, dir);
            await(
                    () -> state(vrrpA, "VI_F") == InstanceState.MASTER
                            && state(vrrpA, "VI_W") == InstanceState.MASTER
                            && state(vrrpA, "VI_S") == InstanceState.MASTER,
                    "A master of all three once the session is Up");
            assertEquals(150, vrrpA.instance("VI_W").orElseThrow().effectivePriority());
            await(() -> bfd.sessions().get(0).detectionTimeNanos() == DETECTION, "timers at 3 x 50 ms");
            await(
                    () -> state(vrrpB, "VI_F") == InstanceState.BACKUP && state(vrrpB, "VI_W") == InstanceState.BACKUP,
                    "B backup of both");

            long killed = System.nanoTime();
            bfdd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            long killTook = System.nanoTime() - killed;
            bfdd = null;
            await(() -> first("A", "VI_W", InstanceState.BACKUP, killed) != null, "VI_W on A to BACKUP");
            long fault = first("A", "VI_F", InstanceState.FAULT, killed).at() - killed;
            long takeover = first("B", "VI_F", InstanceState.MASTER, killed).at() - killed;
            long backup = first("A", "VI_W", InstanceState.BACKUP, killed).at() - killed;
            Change groupFault = first("A", "VI_S", InstanceState.FAULT, killed);
            assertTrue(groupFault != null, "VI_S to FAULT through its sync group's track_bfd");
            assertTrue(groupFault.at() - killed <= DETECTION + 10 * MS + killTook, "VI_S FAULT in time");
            figures.add(new long[] {fault, takeover, backup});
            System.out.printf(
                    "track_bfd after SIGKILL of bfdd (3 x 50 ms, advert 100 ms): VI_F FAULT on A %.1f ms, master on"
                            + " B %.1f ms; VI_W (weight -100) BACKUP on A %.1f ms%n",
                    fault / 1e6, takeover / 1e6, backup / 1e6);
            assertTrue(fault <= DETECTION + 10 * MS + killTook, "FAULT after " + fault / 1e6 + " ms");
            assertTrue(
                    takeover <= DETECTION + ADVERT + 10 * MS + killTook,
                    "B master after " + takeover / 1e6 + " ms: more than detection time and one advert");
            assertTrue(
                    backup <= DETECTION + MASTER_DOWN + 10 * MS + killTook,
                    "VI_W backup after " + backup / 1e6 + " ms");
            assertTrue(
                    a.exec("ip", "-o", "addr", "show", "dev", "bfdtrk0")
                                    .stdout()
                                    .indexOf("192.0.2.141/")
                            < 0,
                    "A gave up VI_F's VIP");
        }
        if (runs > 1) {
            for (int i = 0; i < 3; i++) {
                int k = i;
                List<Long> sorted = figures.stream().map(f -> f[k]).sorted().toList();
                System.out.printf(
                        "%s over %d runs: p50 %.1f ms, max %.1f ms%n",
                        List.of("VI_F FAULT on A", "VI_F master on B", "VI_W BACKUP on A")
                                .get(i),
                        runs,
                        sorted.get(sorted.size() / 2) / 1e6,
                        sorted.get(sorted.size() - 1) / 1e6);
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000 * MS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 15 s: " + what);
            Thread.sleep(5);
        }
    }
}
