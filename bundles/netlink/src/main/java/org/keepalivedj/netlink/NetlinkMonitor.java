package org.keepalivedj.netlink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.netlink.internal.Rtnl;
import org.keepalivedj.netlink.internal.RtnlMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches link and address events (RTMGRP_LINK, IPv4 and IPv6 IFADDR) on its own thread and
 * hands them to listeners. Open it in the namespace to watch ({@link #open(String)}). The thread
 * sleeps in epoll until the socket has something (or an error) or {@link #close()} wakes it, so an
 * idle monitor never wakes: netlink sockets cannot be shut down (EOPNOTSUPP) and closing one does
 * not wake a thread blocked in recvmsg.
 */
public final class NetlinkMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkMonitor.class);
    /** How long close waits for a listener still running before it closes the socket anyway. */
    private static final long JOIN_MILLIS = 1000;

    private static final int DEFAULT_RECEIVE_BUFFER = 1 << 20;
    private static final int GROUPS = Rtnl.RTMGRP_LINK | Rtnl.RTMGRP_IPV4_IFADDR | Rtnl.RTMGRP_IPV6_IFADDR;

    private final NetlinkSocket socket;
    private final Epoll epoll;
    private final List<NetlinkListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private NetlinkMonitor(NetlinkSocket socket, Epoll epoll, String name) {
        this.socket = socket;
        this.epoll = epoll;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
    }

    /** Starts a monitor of the current namespace. */
    public static NetlinkMonitor open() {
        return start(NetlinkSocket.open(NetlinkConstants.NETLINK_ROUTE, GROUPS), "netlink-monitor");
    }

    /** Starts a monitor of the named namespace (null for the current one). */
    public static NetlinkMonitor open(String namespace) throws Exception {
        return open(namespace, DEFAULT_RECEIVE_BUFFER);
    }

    /** As {@link #open(String)}, with a receive buffer of this size (tests use a tiny one). */
    static NetlinkMonitor open(String namespace, int receiveBuffer) throws Exception {
        NetlinkSocket s =
                NetworkNamespace.call(namespace, () -> NetlinkSocket.open(NetlinkConstants.NETLINK_ROUTE, GROUPS));
        return start(s, "netlink-monitor" + (namespace == null ? "" : "-" + namespace), receiveBuffer);
    }

    private static NetlinkMonitor start(NetlinkSocket socket, String name) {
        return start(socket, name, DEFAULT_RECEIVE_BUFFER);
    }

    private static NetlinkMonitor start(NetlinkSocket socket, String name, int receiveBuffer) {
        Epoll epoll = null;
        try {
            socket.setReceiveBuffer(receiveBuffer);
            epoll = new Epoll(2);
            epoll.watchReadable(socket.fd(), 0);
        } catch (RuntimeException e) {
            if (epoll != null) {
                epoll.close();
            }
            socket.close();
            throw e;
        }
        NetlinkMonitor monitor = new NetlinkMonitor(socket, epoll, name);
        monitor.thread.start();
        return monitor;
    }

    public void addListener(NetlinkListener listener) {
        listeners.add(listener);
    }

    public void removeListener(NetlinkListener listener) {
        listeners.remove(listener);
    }

    /** Events delivered so far. */
    public long eventCount() {
        return events.get();
    }

    /** Times the kernel reported lost events. */
    public long overrunCount() {
        return overruns.get();
    }

    /** Datagrams that did not parse, and link or address messages too short to decode. */
    public long malformedCount() {
        return socket.malformedCount() + undecodable.get();
    }

    private void loop() {
        int[] ready = new int[2];
        while (running) {
            // the socket readable or in error (an overrun), or close()'s wake-up
            epoll.await(ready, -1);
            if (!running) {
                return;
            }
            List<NetlinkMessage> messages;
            try {
                messages = socket.receiveNow();
            } catch (ErrnoException e) {
                if (!running) {
                    return;
                }
                if (e.errno() == Errno.ENOBUFS) {
                    overruns.incrementAndGet();
                    LOG.warn("netlink events lost (receive buffer overrun); listeners must resynchronise");
                    listeners.forEach(NetlinkListener::eventsLost);
                    continue;
                }
                LOG.error("netlink monitor stops: {}", e.getMessage());
                return;
            } catch (IllegalStateException closed) {
                return;
            }
            for (NetlinkMessage m : messages) {
                dispatch(m);
            }
        }
    }

    private void dispatch(NetlinkMessage m) {
        switch (m.type()) {
            case Rtnl.RTM_NEWLINK, Rtnl.RTM_DELLINK -> {
                Link link = RtnlMessages.decodeLink(m);
                if (link == null) {
                    undecodable.incrementAndGet();
                } else {
                    events.incrementAndGet();
                    boolean removed = m.type() == Rtnl.RTM_DELLINK;
                    for (NetlinkListener l : listeners) {
                        deliver(() -> l.linkChanged(link, removed));
                    }
                }
            }
            case Rtnl.RTM_NEWADDR, Rtnl.RTM_DELADDR -> {
                IfAddress address = RtnlMessages.decodeAddress(m);
                if (address == null) {
                    undecodable.incrementAndGet();
                } else {
                    events.incrementAndGet();
                    boolean removed = m.type() == Rtnl.RTM_DELADDR;
                    for (NetlinkListener l : listeners) {
                        deliver(() -> l.addressChanged(address, removed));
                    }
                }
            }
            default -> {
                // other rtnetlink messages are not ours to watch
            }
        }
    }

    private static void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("netlink listener failed", e);
        }
    }

    /** Wakes the thread, waits for it to end, and closes the socket. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        epoll.wakeup();
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
        epoll.close();
    }
}
