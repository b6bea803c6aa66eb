package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.netlink.ReceivedPacket;
import org.keepalivedj.netlink.VrrpSocket;
import org.keepalivedj.vrrp.DecodeResult;
import org.keepalivedj.vrrp.DropReason;
import org.keepalivedj.vrrp.IpsecAh;
import org.keepalivedj.vrrp.VrrpCodec;
import org.keepalivedj.vrrp.VrrpScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One raw VRRP socket per interface and family, shared by every instance on it. A receiver
 * thread decodes packets and hands them, by VRID, to the instances on the timer thread.
 */
final class SharedSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSocket.class);
    /** Where the instances log their drops too: an operator greps one logger. */
    private static final Logger DROP_LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    /** Receives one decoded packet; runs on the timer thread. */
    interface Receiver {
        void received(ReceivedPacket packet, DecodeResult decoded);
    }

    final String interfaceName;
    final boolean ipv6;
    /** Protocol 51: VRRPv2 inside IPsec AH (auth_type AH instances). */
    final boolean ah;

    private final VrrpSocket socket;
    private final TimerThread timer;
    /** The receivers of each VRID (index), copied on change: the receive path reads them without a lock or a boxed key. */
    private final AtomicReferenceArray<Receiver[]> byVrid = new AtomicReferenceArray<>(256);

    private int registered;
    /**
     * Packets received and not yet handed to the instances, with their decoding: the receive thread
     * adds, the timer thread takes them all at once (one timer task for a burst, no task per packet).
     */
    private final Object pendingLock = new Object();

    private ArrayList<ReceivedPacket> pendingPackets = new ArrayList<>();
    private ArrayList<DecodeResult> pendingDecoded = new ArrayList<>();
    private ArrayList<ReceivedPacket> drainingPackets = new ArrayList<>();
    private ArrayList<DecodeResult> drainingDecoded = new ArrayList<>();
    private boolean drainScheduled;
    /** The drain's last timer task, reused (receive thread only). */
    private VrrpScheduler.Timer drainTask;

    private final Runnable drain = this::drain;
    private final Set<InetAddress> groups = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unknownVrid = new AtomicLong();
    private final java.util.function.BooleanSupplier logUnknownVrids;
    private final AtomicLong ownPackets = new AtomicLong();
    private final Predicate<InetAddress> ownAddress;
    /** Log lines of packets dropped before they reach an instance, limited per reason; timer thread only. */
    private final RateLimitedLog dropLog;

    private volatile boolean running = true;

    /**
     * @param ownAddress      true for an address of this host: packets from it are our own, looped back
     * @param dropLogInterval how often repeated drops are summed up in the log
     * @param logUnknownVrids global_defs log_unknown_vrids: adverts for a VRID we do not run are logged
     *                        only then, as in keepalived (they are counted either way)
     */
    SharedSocket(
            VrrpSocket socket,
            TimerThread timer,
            Predicate<InetAddress> ownAddress,
            Duration dropLogInterval,
            java.util.function.BooleanSupplier logUnknownVrids) {
        this.socket = socket;
        this.logUnknownVrids = logUnknownVrids;
        this.ownAddress = ownAddress;
        this.dropLog = new RateLimitedLog(timer, dropLogInterval);
        this.interfaceName = socket.interfaceName();
        this.ipv6 = socket.isIpv6();
        this.ah = socket.isAh();
        this.timer = timer;
        this.thread = new Thread(this::receiveLoop, "vrrp-rx-" + interfaceName + (ipv6 ? "-v6" : ah ? "-ah" : "-v4"));
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    synchronized void register(int vrid, Receiver r) {
        Receiver[] l = byVrid.get(vrid);
        Receiver[] more = l == null ? new Receiver[1] : Arrays.copyOf(l, l.length + 1);
        more[more.length - 1] = r;
        byVrid.set(vrid, more);
        registered++;
    }

    /** Removes the receiver; true when nobody uses the socket any more. */
    synchronized boolean unregister(int vrid, Receiver r) {
        Receiver[] l = byVrid.get(vrid);
        if (l != null) {
            List<Receiver> rest = new ArrayList<>(List.of(l));
            if (rest.remove(r)) {
                registered--;
                byVrid.set(vrid, rest.isEmpty() ? null : rest.toArray(new Receiver[0]));
            }
        }
        return registered == 0;
    }

    void joinGroup(InetAddress group) {
        if (groups.add(group)) {
            socket.joinGroup(group);
        }
    }

    /**
     * Sends from the given source address (it is in the v3 checksum, so it must be the one on the wire),
     * with this TTL (unicast_ttl), or the socket's 255 when ttl is negative.
     */
    void send(byte[] packet, InetAddress destination, InetAddress source, int ttl) {
        socket.send(packet, destination, source, ttl);
    }

    /** Sends a whole IPv4 datagram, AH header included (an AH socket). */
    void sendDatagram(byte[] datagram, InetAddress destination) {
        socket.sendDatagram(datagram, destination);
    }

    /** See {@link VrrpSocket#warmUpSend}: nothing reaches the wire. */
    boolean warmUpSend(byte[] packet, InetAddress destination, InetAddress source) {
        return socket.warmUpSend(packet, destination, source);
    }

    int interfaceIndex() {
        return socket.interfaceIndex();
    }

    private void receiveLoop() {
        while (running) {
            ReceivedPacket p;
            try {
                // no timeout: an idle interface wakes this thread for nothing; close() wakes it
                p = socket.receive();
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("VRRP receive on {} failed: {}", interfaceName, e.getMessage());
                    sleepQuietly();
                }
                continue;
            }
            if (p == null) {
                continue;
            }
            if (ownAddress.test(p.source())) {
                // our own advert looped back (lo, or a unicast peer list naming us): not an error
                ownPackets.incrementAndGet();
                logDrop(DropReason.OWN_PACKET, p, true);
                continue;
            }
            // an AH datagram is matched to its instance by the VRRP packet inside; the instance checks the AH
            byte[] vrrp = ah && IpsecAh.present(p.payload()) ? IpsecAh.strip(p.payload()) : p.payload();
            DecodeResult d = VrrpCodec.decode(vrrp, ipv6);
            int vrid = vridOf(p.payload());
            Receiver[] receivers = vrid < 0 ? null : byVrid.get(vrid);
            if (receivers == null) {
                if (!d.ok()) {
                    malformed.incrementAndGet();
                    logDrop(d.dropped(), p, false);
                } else {
                    unknownVrid.incrementAndGet();
                    if (logUnknownVrids.getAsBoolean()) {
                        logDrop(DropReason.VRID, p, false);
                    }
                }
                continue;
            }
            boolean schedule;
            synchronized (pendingLock) {
                pendingPackets.add(p);
                pendingDecoded.add(d);
                schedule = !drainScheduled;
                drainScheduled = true;
            }
            if (schedule) {
                drainTask = timer.reschedule(drainTask, 0, drain);
            }
        }
    }

    /** The VRRP packet's VRID: its second byte, after the AH header on an AH socket; -1 when too short. */
    private int vridOf(byte[] payload) {
        int at = ah && IpsecAh.present(payload) ? IpsecAh.LENGTH : 0;
        return payload.length > at + 1 ? payload[at + 1] & 0xff : -1;
    }

    /** Hands the packets received so far to their instances, in order (timer thread). */
    private void drain() {
        ArrayList<ReceivedPacket> packets;
        ArrayList<DecodeResult> decoded;
        synchronized (pendingLock) {
            packets = pendingPackets;
            decoded = pendingDecoded;
            pendingPackets = drainingPackets;
            pendingDecoded = drainingDecoded;
            drainingPackets = packets;
            drainingDecoded = decoded;
            drainScheduled = false;
        }
        for (int i = 0; i < packets.size(); i++) {
            ReceivedPacket p = packets.get(i);
            Receiver[] receivers = byVrid.get(vridOf(p.payload()));
            if (receivers != null) {
                for (Receiver r : receivers) {
                    r.received(p, decoded.get(i));
                }
            }
        }
        packets.clear();
        decoded.clear();
    }

    /** Logs a drop no instance saw, rate-limited per reason on this interface (on the timer thread). */
    private void logDrop(DropReason reason, ReceivedPacket p, boolean infoOnly) {
        String line = reason == DropReason.VRID
                ? "Unknown VRID(" + (p.payload()[1] & 0xff) + ") received on interface(" + interfaceName + ") from "
                        + IpAddresses.format(p.source()) + ". ignoring..."
                : "interface(" + interfaceName + ") "
                        + AdvertValidator.describeMalformed(reason, p.payload(), p.source(), ipv6);
        timer.execute(() -> dropLog.report(reason.name(), line, infoOnly ? DROP_LOG::info : DROP_LOG::warn));
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Packets for no instance of ours (vrrpv3RouterVrIdErrors). */
    long unknownVridCount() {
        return unknownVrid.get();
    }

    /** Packets from one of our own addresses, ignored. */
    long ownPacketCount() {
        return ownPackets.get();
    }

    long malformedCount() {
        return malformed.get() + socket.malformedCount();
    }

    @Override
    public void close() {
        running = false;
        socket.wakeReceiver();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
        dropLog.close();
    }
}
