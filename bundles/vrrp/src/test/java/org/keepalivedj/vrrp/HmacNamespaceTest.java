package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
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
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Two of our nodes with auth_hmac exchange signed adverts (VRRPv3 multicast over IPv4 and IPv6,
 * VRRPv2 unicast): the backup takes the master's, and they verify on a third node with the key.
 * That third node then sends adverts without a trailer, signed with another key, stale, and
 * replayed: each is dropped and counted by both nodes, and a forged higher priority takes nothing
 * over; a validly signed one is taken.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class HmacNamespaceTest {

    private static final String KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String CONF = """
            vrrp_instance VI_MC {
              state BACKUP
              interface eth0
              version 3
              virtual_router_id 61
              priority %1$d
              advert_int 0.2
              auth_hmac {
                key 1 hex:%4$s
                key 2 another-key-that-is-32-bytes-long
                active_key 1
              }
              virtual_ipaddress {
                192.0.2.161/32 dev eth0
              }
            }
            vrrp_instance VI_UC {
              state BACKUP
              interface eth0
              version 2
              virtual_router_id 62
              priority %1$d
              advert_int 1
              unicast_src_ip %2$s
              unicast_peer {
                %3$s
              }
              auth_hmac {
                key 1 hex:%4$s
                active_key 1
                anti_replay monotonic
              }
              virtual_ipaddress {
                192.0.2.162/32 dev eth0
              }
            }
            vrrp_instance VI_6 {
              state BACKUP
              interface eth0
              virtual_router_id 63
              priority %1$d
              advert_int 0.2
              auth_hmac {
                key 1 hex:%4$s
                active_key 1
              }
              virtual_ipaddress {
                2001:db8::63/128 dev eth0
              }
            }
            """;
    private static final byte[] KEY_BYTES = HexFormat.of().parseHex(KEY);
    private static final InetAddress A = ip("192.0.2.1");
    private static final InetAddress TX = ip("192.0.2.3");
    private static final InetAddress GROUP = VrrpSocket.GROUP_V4;
    private static final List<String> HMAC_COUNTERS = List.of("hmacMissing", "hmacInvalid", "hmacStale", "hmacReplays");
    private static final int BURST = 3;

    @Test
    void signedAdvertsAreExchangedAndBadOnesDroppedAndCounted(NetLab lab, @TempDir Path dir) throws Exception {
        Netns nsA = lab.node("hma", "192.0.2.1/24");
        Netns nsB = lab.node("hmb", "192.0.2.2/24");
        Netns nsTx = lab.node("hmtx", "192.0.2.3/24");
        KeepalivedConfig confA = load(String.format(CONF, 150, "192.0.2.1", "192.0.2.2", KEY), dir);
        KeepalivedConfig confB = load(String.format(CONF, 100, "192.0.2.2", "192.0.2.1", KEY), dir);
        VrrpSocket tx = nsTx.call(() -> VrrpSocket.openIpv4("eth0"));
        tx.joinGroup(GROUP);
        VrrpSocket tx6 = nsTx.call(() -> VrrpSocket.openIpv6("eth0"));
        tx6.joinGroup(VrrpSocket.GROUP_V6);
        NetlinkAddressManager addressesA = nsA.call(() -> NetlinkAddressManager.open(dir.resolve("a")));
        NetlinkAddressManager addressesB = nsB.call(() -> NetlinkAddressManager.open(dir.resolve("b")));
        VrrpEngine engineA = nsA.call(() -> VrrpEngine.builder(addressesA).start());
        VrrpEngine engineB = nsB.call(() -> VrrpEngine.builder(addressesB).start());
        try {
            nsA.run(() -> engineA.apply(confA));
            nsB.run(() -> engineB.apply(confB));
            List<VrrpInstanceView> a = engineA.instances().stream().toList();
            List<VrrpInstanceView> b = engineB.instances().stream().toList();
            assertEquals(3, a.size());
            await(() -> a.stream().allMatch(v -> v.state() == InstanceState.MASTER), () -> "A masters " + a);
            await(
                    () -> b.stream()
                            .allMatch(v -> v.state() == InstanceState.BACKUP
                                    && v.counters().get("advertisementsReceived") >= 3),
                    () -> "B takes A's signed adverts " + counters(b));
            for (VrrpInstanceView v : b) {
                for (String c : HMAC_COUNTERS) {
                    assertEquals(0L, v.counters().get(c), () -> v.name() + " " + v.counters());
                }
            }

            // on the wire: A's adverts carry a trailer that verifies with the key, over IPv4 and IPv6
            ReceivedPacket p4 = receive(tx, A, 61);
            assertTrue(HmacTrailer.present(p4.payload(), false));
            assertTrue(HmacTrailer.verify(p4.payload(), A, KEY_BYTES));
            assertEquals(1, HmacTrailer.keyId(p4.payload()));
            assertTrue(VrrpCodec.checksumValid(HmacTrailer.strip(p4.payload()), A, GROUP, ChecksumMode.STANDARD));
            // queued since the socket opened: compare with the time it arrived, not with now
            long arrivedMillis = System.currentTimeMillis() - (System.nanoTime() - p4.arrivalNanos()) / 1_000_000;
            long skew = HmacTrailer.seconds(HmacTrailer.sequence(p4.payload())) - arrivedMillis / 1000;
            assertTrue(Math.abs(skew) <= 1, "the sequence is the time it was sent: " + skew);
            ReceivedPacket p6 = receive(tx6, null, 63);
            assertTrue(HmacTrailer.present(p6.payload(), true));
            assertTrue(HmacTrailer.verify(p6.payload(), p6.source(), KEY_BYTES));

            // the third node's adverts for VRID 61, priority 250: none of these may take over
            List<InetAddress> vip = List.of(ip("192.0.2.161"));
            byte[] vrrp250 = VrrpCodec.encode(VrrpAdvert.v3(61, 250, 20, vip), TX, GROUP, ChecksumMode.STANDARD);
            long now = System.currentTimeMillis() * 1_000_000L;
            Map<String, byte[]> bad = Map.of(
                    "hmacMissing", vrrp250,
                    "hmacInvalid",
                            HmacTrailer.sign(
                                    vrrp250,
                                    TX,
                                    2,
                                    HmacTrailer.sequenceAt(now, 0),
                                    "not-the-key-of-id-2-in-32-bytes!".getBytes()),
                    "hmacStale",
                            HmacTrailer.sign(
                                    vrrp250, TX, 1, HmacTrailer.sequenceAt(now - 3600_000_000_000L, 0), KEY_BYTES));
            for (byte[] packet : bad.values()) {
                for (int i = 0; i < BURST; i++) {
                    tx.send(packet, GROUP, TX);
                }
            }
            VrrpInstanceView masterA = engineA.instance("VI_MC").orElseThrow();
            VrrpInstanceView backupB = engineB.instance("VI_MC").orElseThrow();
            for (String counter : bad.keySet()) {
                await(
                        () -> masterA.counters().get(counter) == BURST
                                && backupB.counters().get(counter) == BURST,
                        () -> counter + ": A " + masterA.counters() + " B " + backupB.counters());
            }
            assertEquals(InstanceState.MASTER, masterA.state(), "no forged advert took over");

            // a validly signed one is taken (priority 50: A stays master), and the same bytes again are a replay
            byte[] valid = HmacTrailer.sign(
                    VrrpCodec.encode(VrrpAdvert.v3(61, 50, 20, vip), TX, GROUP, ChecksumMode.STANDARD),
                    TX,
                    1,
                    HmacTrailer.sequenceAt(System.currentTimeMillis() * 1_000_000L, 0),
                    KEY_BYTES);
            long receivedBefore = backupB.counters().get("advertisementsReceived");
            tx.send(valid, GROUP, TX);
            tx.send(valid, GROUP, TX);
            await(
                    () -> backupB.counters().get("hmacReplays") == 1
                            && masterA.counters().get("hmacReplays") == 1,
                    () -> "replay: A " + masterA.counters() + " B " + backupB.counters());
            assertTrue(backupB.counters().get("advertisementsReceived") > receivedBefore);
            assertEquals(InstanceState.MASTER, masterA.state());
        } finally {
            engineA.close();
            engineB.close();
            addressesA.close();
            addressesB.close();
            tx.close();
            tx6.close();
        }
    }

    private static KeepalivedConfig load(String text, Path dir) throws Exception {
        return KeepalivedConfigLoader.withBuiltinCheckers()
                .load(text, "hmac.conf", dir)
                .config();
    }

    private static String counters(List<VrrpInstanceView> views) {
        StringBuilder sb = new StringBuilder();
        views.forEach(v -> sb.append(v.name())
                .append(' ')
                .append(v.state())
                .append(' ')
                .append(v.counters())
                .append('\n'));
        return sb.toString();
    }

    private static ReceivedPacket receive(VrrpSocket socket, InetAddress from, int vrid) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            ReceivedPacket p = socket.receive(Duration.ofMillis(500));
            if (p != null
                    && (from == null || p.source().equals(from))
                    && p.payload().length > 1
                    && (p.payload()[1] & 0xff) == vrid) {
                return p;
            }
        }
        throw new AssertionError("no advert for VRID " + vrid);
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not met within 20 s: " + what.get());
            }
            Thread.sleep(10);
        }
    }
}
