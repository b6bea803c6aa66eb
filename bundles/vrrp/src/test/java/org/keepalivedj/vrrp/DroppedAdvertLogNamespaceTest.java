package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.netlink.ReceivedPacket;
import org.keepalivedj.netlink.VrrpSocket;
import org.keepalivedj.testsupport.CapturedLog;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * A raw sender in a neighbouring namespace crafts every kind of bad advert at our engine: each drop
 * reason logs its line (keepalived's wording, the instance or interface, the sender) once, and the
 * further drops of an interval are summed up in one line at its end; the counters count every drop.
 * Also: v3_checksum_as_v2 from global_defs with a per-instance false, on the wire and on receipt.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class DroppedAdvertLogNamespaceTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final long BURST = 4;

    private static final String CONF = """
            global_defs {
              vrrp_version 3
              v3_checksum_as_v2
              log_unknown_vrids
            }
            vrrp_instance VI_V3 {
              state BACKUP
              interface eth0
              virtual_router_id 51
              priority 100
              advert_int 1
              v3_checksum_as_v2 false
              virtual_ipaddress {
                192.0.2.100/24 dev eth0
              }
            }
            vrrp_instance VI_AS {
              state BACKUP
              interface eth0
              virtual_router_id 55
              priority 100
              advert_int 1
              virtual_ipaddress {
                192.0.2.105/24 dev eth0
              }
            }
            vrrp_instance VI_V2 {
              state BACKUP
              interface eth0
              virtual_router_id 52
              version 2
              priority 100
              advert_int 1
              authentication {
                auth_type PASS
                auth_pass secret12
              }
              virtual_ipaddress {
                192.0.2.102/24 dev eth0
              }
            }
            vrrp_instance VI_UNI {
              state BACKUP
              interface eth0
              virtual_router_id 53
              priority 100
              advert_int 1
              unicast_src_ip 192.0.2.1
              unicast_peer {
                192.0.2.3
                192.0.2.1
              }
              virtual_ipaddress {
                192.0.2.103/24 dev eth0
              }
            }
            vrrp_instance VI_V6 {
              state BACKUP
              interface eth0
              virtual_router_id 54
              priority 100
              advert_int 1
              virtual_ipaddress {
                2001:db8::54/64 dev eth0
              }
            }
            """;

    private static final InetAddress US = ip("192.0.2.1");
    private static final InetAddress TX = ip("192.0.2.2");
    /** The sender's second address: what it sends from there leaves with TTL 64 (an nft rule). */
    private static final InetAddress TX_TTL64 = ip("192.0.2.6");

    private static final InetAddress GROUP = VrrpSocket.GROUP_V4;

    @Test
    void eachDropReasonIsLoggedOncePerIntervalAndCounted(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(CONF, "drops.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        Netns txNs = lab.node("tx", "192.0.2.2/24", "192.0.2.6/24");
        txNs.execOrThrow("nft", "add table ip kjttl");
        txNs.execOrThrow("nft", "add chain ip kjttl out { type filter hook output priority 0 ; }");
        txNs.execOrThrow("nft", "add rule ip kjttl out ip saddr 192.0.2.6 ip ttl set 64");
        VrrpSocket tx = txNs.call(() -> VrrpSocket.openIpv4("eth0"));
        tx.joinGroup(GROUP);
        VrrpSocket tx6 = txNs.call(() -> VrrpSocket.openIpv6("eth0")); // the kernel writes the IPv6 checksum
        String txLinkLocal = txNs.execOrThrow("ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link")
                .stdout()
                .replaceAll("(?s).*inet6 ([0-9a-f:]+)/.*", "$1");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        engine.dropLogInterval(INTERVAL);
        try (CapturedLog log = new CapturedLog()) {
            us.run(() -> engine.apply(config));
            VrrpInstanceView v3 = engine.instance("VI_V3").orElseThrow();
            VrrpInstanceView asV2 = engine.instance("VI_AS").orElseThrow();
            VrrpInstanceView v2 = engine.instance("VI_V2").orElseThrow();
            VrrpInstanceView uni = engine.instance("VI_UNI").orElseThrow();
            VrrpInstanceView v6 = engine.instance("VI_V6").orElseThrow();
            await(() -> engine.instances().stream().allMatch(v -> v.state() == InstanceState.MASTER));

            // the instance's false beats global_defs' v3_checksum_as_v2, on the wire ...
            ReceivedPacket standard = receive(tx, 51);
            assertTrue(VrrpCodec.checksumValid(standard.payload(), US, GROUP, ChecksumMode.STANDARD));
            assertFalse(VrrpCodec.checksumValid(standard.payload(), US, GROUP, ChecksumMode.AS_V2));
            ReceivedPacket inherited = receive(tx, 55);
            assertTrue(VrrpCodec.checksumValid(inherited.payload(), US, GROUP, ChecksumMode.AS_V2));
            assertFalse(VrrpCodec.checksumValid(inherited.payload(), US, GROUP, ChecksumMode.STANDARD));
            // ... and on receipt: v3_checksum_as_v2 takes both forms, the standard mode only its own
            List<InetAddress> vip105 = List.of(ip("192.0.2.105"));
            tx.send(VrrpCodec.encode(VrrpAdvert.v3(55, 50, 100, vip105), TX, GROUP, ChecksumMode.AS_V2), GROUP, TX);
            tx.send(VrrpCodec.encode(VrrpAdvert.v3(55, 50, 100, vip105), TX, GROUP, ChecksumMode.STANDARD), GROUP, TX);
            await(() -> asV2.counters().get("advertisementsReceived") == 2);
            assertEquals(0L, asV2.counters().get("checksumErrors"));

            List<InetAddress> vip100 = List.of(ip("192.0.2.100"));
            List<InetAddress> vip102 = List.of(ip("192.0.2.102"));
            byte[] v2WithBadVersion =
                    VrrpCodec.encode(VrrpAdvert.v2(51, 50, 1, null, vip100), TX, GROUP, ChecksumMode.STANDARD);
            byte[] twoAnnouncedOneSent =
                    VrrpCodec.encode(VrrpAdvert.v3(51, 50, 100, vip100), TX, GROUP, ChecksumMode.STANDARD);
            twoAnnouncedOneSent[3] = 2;
            byte[] notAnAdvert = VrrpCodec.encode(VrrpAdvert.v3(51, 50, 100, vip100), TX, GROUP, ChecksumMode.STANDARD);
            notAnAdvert[0] = 0x32;
            byte[] corrupt = VrrpCodec.encode(VrrpAdvert.v3(55, 50, 100, vip105), TX, GROUP, ChecksumMode.STANDARD);
            corrupt[2] ^= 1;
            byte[] version4 = VrrpCodec.encode(VrrpAdvert.v3(98, 50, 100, vip100), TX, GROUP, ChecksumMode.STANDARD);
            version4[0] = 0x41;
            VrrpAdvert ah = new VrrpAdvert(2, 52, 50, 1, VrrpAdvert.AUTH_AH, new byte[8], vip102);

            // line expected -> what provokes it
            Map<String, Runnable> cases = new LinkedHashMap<>();
            cases.put(
                    "(VI_V3) invalid TTL/HL from 192.0.2.6. Received 64 and expect 255",
                    () -> tx.send(
                            VrrpCodec.encode(
                                    VrrpAdvert.v3(51, 50, 100, vip100), TX_TTL64, GROUP, ChecksumMode.STANDARD),
                            GROUP,
                            TX_TTL64));
            cases.put(
                    "(VI_V3) wrong version from 192.0.2.2. Received 2 and expect 3",
                    () -> tx.send(v2WithBadVersion, GROUP, TX));
            cases.put(
                    "(VI_V3) Invalid VRRPv3 checksum from 192.0.2.2",
                    () -> tx.send(
                            VrrpCodec.encode(VrrpAdvert.v3(51, 50, 100, vip100), TX, GROUP, ChecksumMode.AS_V2),
                            GROUP,
                            TX));
            cases.put(
                    "(VI_V3) vrrp packet from 192.0.2.2 too short, length 12 and expect 16",
                    () -> tx.send(twoAnnouncedOneSent, GROUP, TX));
            cases.put(
                    "(VI_V3) Invalid packet type from 192.0.2.2. 2 and expect 1",
                    () -> tx.send(notAnAdvert, GROUP, TX));
            cases.put(
                    "(VI_V3) ip address associated with VRID 51 not present in MASTER advert from 192.0.2.2: 192.0.2.100",
                    () -> tx.send(
                            VrrpCodec.encode(
                                    VrrpAdvert.v3(51, 50, 100, List.of(ip("192.0.2.101"))),
                                    TX,
                                    GROUP,
                                    ChecksumMode.STANDARD),
                            GROUP,
                            TX));
            cases.put("(VI_AS) Invalid VRRPv3 checksum from 192.0.2.2", () -> tx.send(corrupt, GROUP, TX));
            cases.put(
                    "(VI_V2) received a 0 auth from 192.0.2.2, expecting 1!",
                    () -> tx.send(
                            VrrpCodec.encode(VrrpAdvert.v2(52, 50, 1, null, vip102), TX, GROUP, ChecksumMode.STANDARD),
                            GROUP,
                            TX));
            cases.put(
                    "(VI_V2) received a 2 auth from 192.0.2.2, expecting 1!",
                    () -> tx.send(VrrpCodec.encode(ah, TX, GROUP, ChecksumMode.STANDARD), GROUP, TX));
            cases.put(
                    "(VI_V2) received an invalid passwd from 192.0.2.2!",
                    () -> tx.send(
                            VrrpCodec.encode(
                                    VrrpAdvert.v2(52, 50, 1, "wrong", vip102), TX, GROUP, ChecksumMode.STANDARD),
                            GROUP,
                            TX));
            cases.put(
                    "(VI_V2) advertisement interval mismatch with 192.0.2.2 mine=1 sec rcv'd=2 sec",
                    () -> tx.send(
                            VrrpCodec.encode(
                                    VrrpAdvert.v2(52, 50, 2, "secret12", vip102), TX, GROUP, ChecksumMode.STANDARD),
                            GROUP,
                            TX));
            cases.put(
                    "(VI_UNI) unicast source address 192.0.2.2 not a unicast peer",
                    () -> tx.send(
                            VrrpCodec.encode(
                                    VrrpAdvert.v3(53, 50, 100, List.of(ip("192.0.2.103"))),
                                    TX,
                                    US,
                                    ChecksumMode.STANDARD),
                            US,
                            TX));
            byte[] v2Payload = VrrpCodec.encode(
                    VrrpAdvert.v2(54, 50, 1, null, List.of(ip("192.0.2.54"))), TX, GROUP, ChecksumMode.STANDARD);
            cases.put(
                    "(VI_V6) VRRPv2 packet over IPv6 from " + txLinkLocal,
                    () -> tx6.send(v2Payload, VrrpSocket.GROUP_V6));
            cases.put(
                    "Unknown VRID(99) received on interface(eth0) from 192.0.2.2. ignoring...",
                    () -> tx.send(
                            VrrpCodec.encode(VrrpAdvert.v3(99, 50, 100, vip100), TX, GROUP, ChecksumMode.STANDARD),
                            GROUP,
                            TX));
            cases.put(
                    "interface(eth0) wrong version from 192.0.2.2. Received 4 and expect 2 or 3",
                    () -> tx.send(version4, GROUP, TX));

            for (Runnable send : cases.values()) {
                for (int i = 0; i < BURST; i++) {
                    send.run();
                }
            }
            for (String line : cases.keySet()) {
                await(
                        () -> log.count(line) == 2
                                && log.text().contains(line + " (" + (BURST - 1) + " more in the last 2 s)"),
                        () -> line + " once, then once with the count of the rest:\n" + log.text());
            }
            // our own adverts (the peer list names us) are said at info, not counted as errors
            assertTrue(
                    log.text()
                            .contains("INFO Keepalived_vrrp - interface(eth0) ignoring our own advert from 192.0.2.1"),
                    log::text);

            // counters count every drop, as before
            assertEquals(
                    BURST, v3.counters().get("ipTtlErrors"), () -> v3.counters().toString());
            assertEquals(BURST, v3.counters().get("versionErrors"));
            assertEquals(BURST, v3.counters().get("checksumErrors"));
            assertEquals(BURST, v3.counters().get("packetLengthErrors"));
            assertEquals(BURST, v3.counters().get("invalidTypeReceived"));
            assertEquals(BURST, v3.counters().get("addressListErrors"));
            assertEquals(BURST, asV2.counters().get("checksumErrors"));
            assertEquals(
                    BURST,
                    v2.counters().get("authTypeMismatch"),
                    () -> v2.counters().toString());
            assertEquals(BURST, v2.counters().get("invalidAuthType"));
            assertEquals(BURST, v2.counters().get("authFailures"));
            assertEquals(BURST, v2.counters().get("advertIntervalErrors"));
            assertEquals(
                    BURST,
                    uni.counters().get("otherDrops"),
                    () -> uni.counters().toString());
            assertEquals(0L, uni.counters().get("checksumErrors"));
            assertEquals(
                    BURST, v6.counters().get("otherDrops"), () -> v6.counters().toString());

            // a quiet interval adds nothing
            Thread.sleep(INTERVAL.toMillis() + 500); // nothing to await: the assertion is that no line comes
            for (String line : cases.keySet()) {
                assertEquals(2, log.count(line), () -> line + " after a quiet interval:\n" + log.text());
            }

            // a steady stream: one line per interval, whose counts add up to the counter
            long before = asV2.counters().get("checksumErrors");
            String line = "(VI_AS) Invalid VRRPv3 checksum from 192.0.2.2";
            long linesBefore = log.count(line);
            long t0 = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                tx.send(corrupt, GROUP, TX);
                Thread.sleep(100); // the sender's pace: 10 bad adverts a second for 5 s
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            await(() -> asV2.counters().get("checksumErrors") == before + 50);
            us.run(engine::stop); // writes what is held back
            List<String> stream = log.text()
                    .lines()
                    .filter(l -> l.contains(line))
                    .skip(linesBefore)
                    .toList();
            long logged = stream.stream()
                    .mapToLong(DroppedAdvertLogNamespaceTest::countOf)
                    .sum();
            assertEquals(50, logged, () -> "every drop is in a line or a count:\n" + String.join("\n", stream));
            long maxLines = 1 + (long) Math.ceil(seconds / INTERVAL.toSeconds()) + 1;
            assertTrue(
                    stream.size() >= 2 && stream.size() <= maxLines,
                    () -> stream.size() + " lines in " + seconds + " s:\n" + String.join("\n", stream));
        } finally {
            engine.close();
            addresses.close();
            tx.close();
            tx6.close();
        }
    }

    private static final Pattern MORE = Pattern.compile("\\((\\d+) more in the last [0-9.]+ s\\)$");

    /** How many drops a line stands for: itself, or itself and the ones it counts. */
    private static long countOf(String line) {
        Matcher m = MORE.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : 1;
    }

    private static ReceivedPacket receive(VrrpSocket socket, int vrid) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            ReceivedPacket p = socket.receive(Duration.ofMillis(500));
            if (p != null && p.source().equals(US) && p.payload().length > 1 && (p.payload()[1] & 0xff) == vrid) {
                return p;
            }
        }
        throw new AssertionError("no advert for VRID " + vrid + " from " + US);
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        await(condition, () -> "condition");
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not met within 15 s: " + what.get());
            }
            Thread.sleep(10);
        }
    }
}
