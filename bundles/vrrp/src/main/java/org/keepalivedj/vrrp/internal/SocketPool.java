package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.keepalivedj.netlink.PacketSocket;
import org.keepalivedj.netlink.VrrpSocket;

/**
 * The sockets of all instances: one VRRP socket per interface and family (and one IPsec AH socket
 * per interface for auth_type AH instances), shared by the instances
 * on it (closed with the last one), and one gratuitous ARP socket per interface. Timer thread.
 */
final class SocketPool {

    private record SocketKey(String interfaceName, boolean ipv6, boolean ah) {}

    private final TimerThread timer;
    private final Predicate<InetAddress> local;
    private final Supplier<Duration> dropLogInterval;
    private final BooleanSupplier logUnknownVrids;
    private final Map<SocketKey, SharedSocket> sockets = new HashMap<>();
    private final Map<String, PacketSocket> packetSockets = new HashMap<>();

    /**
     * @param local           whether an address is the host's (its adverts are our own)
     * @param dropLogInterval for sockets opened from now on
     * @param logUnknownVrids global_defs log_unknown_vrids, read by the receive threads
     */
    SocketPool(
            TimerThread timer,
            Predicate<InetAddress> local,
            Supplier<Duration> dropLogInterval,
            BooleanSupplier logUnknownVrids) {
        this.timer = timer;
        this.local = local;
        this.dropLogInterval = dropLogInterval;
        this.logUnknownVrids = logUnknownVrids;
    }

    /**
     * The shared socket of this interface and family, opened for the first instance on it.
     *
     * @param ah auth_type AH: the interface's IPsec AH socket (protocol 51, IPv4 only), not its VRRP one
     */
    SharedSocket acquire(String interfaceName, boolean ipv6, boolean ah) {
        return sockets.computeIfAbsent(
                new SocketKey(interfaceName, ipv6, ah),
                k -> new SharedSocket(
                        ipv6
                                ? VrrpSocket.openIpv6(interfaceName)
                                : ah ? VrrpSocket.openIpv4Ah(interfaceName) : VrrpSocket.openIpv4(interfaceName),
                        timer,
                        local,
                        dropLogInterval.get(),
                        logUnknownVrids));
    }

    void release(SharedSocket s, int vrid, SharedSocket.Receiver r) {
        if (s.unregister(vrid, r)) {
            sockets.remove(new SocketKey(s.interfaceName, s.ipv6, s.ah));
            s.close();
        }
    }

    PacketSocket packetSocket(String interfaceName) {
        return packetSockets.computeIfAbsent(interfaceName, n -> PacketSocket.open(n, PacketSocket.ETH_P_ARP));
    }

    /** The link went away: its gratuitous ARP socket is closed (the instances release their own). */
    void linkRemoved(String interfaceName) {
        PacketSocket p = packetSockets.remove(interfaceName);
        if (p != null) {
            p.close();
        }
    }

    /** Adverts for a VRID no instance runs, summed over the sockets open now. */
    long unknownVridCount() {
        long count = 0;
        for (SharedSocket s : sockets.values()) {
            count += s.unknownVridCount();
        }
        return count;
    }

    void closeAll() {
        for (SharedSocket s : sockets.values()) {
            s.close();
        }
        sockets.clear();
        for (PacketSocket p : packetSockets.values()) {
            p.close();
        }
        packetSockets.clear();
    }
}
