package org.keepalivedj.vrrp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.netlink.Frames;
import org.keepalivedj.vrrp.ChecksumMode;
import org.keepalivedj.vrrp.VrrpAdvert;
import org.keepalivedj.vrrp.VrrpCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the takeover path once per JVM and family before it is needed: advert encoding and
 * checksums, the native send (refused by the kernel, nothing leaves), and the gratuitous ARP / NA
 * frames. Without it a fresh JVM's first takeover paid for class loading and interpretation while
 * the timer was due: 0.2-0.5 s late (FailoverBenchmark's first sample).
 */
final class WarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private static final int ROUNDS = 2_000;
    private static final AtomicBoolean V4_DONE = new AtomicBoolean();
    private static final AtomicBoolean V6_DONE = new AtomicBoolean();

    private WarmUp() {}

    static void once(
            boolean ipv6,
            SharedSocket socket,
            VrrpAdvert advert,
            InetAddress source,
            InetAddress destination,
            ChecksumMode mode,
            List<ManagedAddress> addresses) {
        if (!(ipv6 ? V6_DONE : V4_DONE).compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        int sink = 0;
        byte[] mac = {2, 0, 0, 0, 0, 1};
        for (int i = 0; i < ROUNDS; i++) {
            byte[] packet = VrrpCodec.encode(advert, source, destination, mode);
            sink += VrrpCodec.decode(packet, ipv6).ok() ? 1 : 0;
            sink += VrrpCodec.checksumValid(packet, source, destination, mode) ? 1 : 0;
            for (ManagedAddress a : addresses) {
                sink += a.address() instanceof Inet4Address v4
                        ? Frames.gratuitousArp(mac, v4).length
                        : Frames.unsolicitedNeighbourAdvertisement(
                                        mac, (Inet6Address) a.address(), (Inet6Address) a.address(), false)
                                .length;
            }
        }
        byte[] packet = VrrpCodec.encode(advert, source, destination, mode);
        boolean refused = true;
        for (int i = 0; i < 200; i++) {
            refused &= socket.warmUpSend(packet, destination, source);
        }
        if (!refused) {
            LOG.warn("warm-up send was not refused by the kernel: one extra advert may have left");
        }
        LOG.debug(
                "VRRP {} send path warmed in {} ms ({})",
                ipv6 ? "IPv6" : "IPv4",
                (System.nanoTime() - t0) / 1_000_000,
                sink);
    }
}
