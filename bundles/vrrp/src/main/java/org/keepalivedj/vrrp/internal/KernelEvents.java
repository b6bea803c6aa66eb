package org.keepalivedj.vrrp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.keepalivedj.api.model.InterfaceDelays;
import org.keepalivedj.netlink.IfAddress;
import org.keepalivedj.netlink.Link;
import org.keepalivedj.netlink.NetlinkListener;
import org.keepalivedj.netlink.NetlinkMonitor;
import org.keepalivedj.netlink.RtNetlink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's links and addresses as the instances need them: link and address events from the
 * kernel, turned into tracking flags, lost and regained sockets, and a MASTER's step-down when a
 * tracked VIP is deleted from under it. An address event touches only the instances it concerns
 * ({@link AddressIndex}). Events are handled on the timer thread.
 */
final class KernelEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    private final TimerThread timer;
    private final RtNetlink rtnl;
    private final Collection<InstanceRuntime> instances;
    private final BiConsumer<String, Boolean> flagChanged;
    private final SocketPool sockets;
    private final LocalAddresses localAddresses;
    private final AddressIndex<InstanceRuntime> index = new AddressIndex<>();
    private final InterfaceWatch interfaces;
    private final NetlinkMonitor monitor;
    /** How many instances address events have reached: one VIP's event must not reach every instance. */
    private long instancesReached;

    /**
     * @param localAddresses the host's addresses, kept up to date here
     * @param instances   the running instances (a live view)
     * @param flagChanged a tracking flag (interface running, link present) went up or down
     * @param sockets     closes the gratuitous ARP socket of a removed link
     */
    KernelEvents(
            TimerThread timer,
            RtNetlink rtnl,
            LocalAddresses localAddresses,
            Collection<InstanceRuntime> instances,
            BiConsumer<String, Boolean> flagChanged,
            SocketPool sockets) {
        this.timer = timer;
        this.rtnl = rtnl;
        this.localAddresses = localAddresses;
        this.instances = instances;
        this.flagChanged = flagChanged;
        this.sockets = sockets;
        this.interfaces = new InterfaceWatch(
                timer,
                (name, up) -> flagChanged.accept("interface " + name, up),
                n -> reattachAll(),
                this::linkRemoved);
        NetlinkMonitor m = null;
        try {
            m = NetlinkMonitor.open();
            m.addListener(new NetlinkListener() {
                @Override
                public void linkChanged(Link link, boolean removed) {
                    timer.execute(() -> {
                        interfaces.linkChanged(link.name(), !removed, !removed && link.isRunning());
                        flagChanged.accept(StaticTrackGroups.key(link.name()), !removed && link.isRunning());
                    });
                }

                @Override
                public void addressChanged(IfAddress address, boolean removed) {
                    localAddresses.changed(address, removed);
                    timer.execute(() -> KernelEvents.this.addressChanged(address.address(), removed));
                }

                @Override
                public void eventsLost() {
                    timer.execute(KernelEvents.this::rereadInterfaces);
                    timer.execute(KernelEvents.this::rereadAddresses);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot watch interfaces (track_interface and interface faults will not work): {}", e.getMessage());
        }
        this.monitor = m;
    }

    /** Which instances an address event concerns; the instances keep their entries. */
    AddressIndex<InstanceRuntime> index() {
        return index;
    }

    /** The interface_up_down_delays of the running config. */
    void delays(Map<String, InterfaceDelays> delays) {
        interfaces.delays(delays);
    }

    /**
     * An address came or went: track_src_ip of the instances watching it follows, a MASTER holding
     * it as a tracked VIP steps down when it went, and an instance that found no address to send
     * from may find one now that one came.
     */
    private void addressChanged(InetAddress address, boolean removed) {
        for (InstanceRuntime r : index.watchingSource(address)) {
            instancesReached++;
            r.localAddressesChanged();
        }
        if (removed) {
            addressRemoved(address);
        } else {
            reattachAll();
        }
    }

    /** How many instances address events have reached so far (timer thread). */
    long instancesReached() {
        return instancesReached;
    }

    /** An address left the kernel: a MASTER that tracks it as a VIP (no no_track) steps down. */
    private void addressRemoved(InetAddress address) {
        var holding = index.holdingTracked(address);
        instancesReached += holding.size();
        var affected =
                holding.stream().filter(r -> r.lostTrackedAddress(address)).toList();
        if (affected.isEmpty() || stillPresent(address)) {
            return; // none of ours, or put back already (a MASTER that left and came back)
        }
        affected.forEach(r -> r.trackedAddressRemoved(address));
    }

    private boolean stillPresent(InetAddress address) {
        try {
            return rtnl.addresses().stream().anyMatch(a -> a.address().equals(address));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Reads the host's addresses again (at every apply, and after lost events); track_src_ip follows. */
    void rereadAddresses() {
        try {
            localAddresses.reload(rtnl.addresses());
        } catch (RuntimeException e) {
            LOG.warn("cannot read the host's addresses (own adverts may be taken for a peer's): {}", e.getMessage());
        }
        for (InstanceRuntime r : instances) {
            r.localAddressesChanged();
        }
    }

    boolean isLocalAddress(InetAddress address) {
        return localAddresses.contains(address);
    }

    /** A link went away: the instances on it lose their socket, and its gratuitous ARP socket is closed. */
    private void linkRemoved(String name) {
        for (InstanceRuntime r : instances) {
            r.linkRemoved(name);
        }
        sockets.linkRemoved(name);
    }

    /** Instances that could not open their socket (no link, no address yet) try again. */
    private void reattachAll() {
        for (InstanceRuntime r : index.waiting()) {
            instancesReached++;
            r.reattach();
        }
    }

    private void rereadInterfaces() {
        Set<String> names = new LinkedHashSet<>();
        for (InstanceRuntime r : instances) {
            names.add(r.trackedInterface());
        }
        for (String n : names) {
            Optional<Link> link;
            try {
                link = rtnl.findLink(n);
            } catch (RuntimeException e) {
                continue;
            }
            interfaces.linkChanged(
                    n, link.isPresent(), link.map(Link::isRunning).orElse(false));
        }
    }

    /** Whether the kernel has a link of this name now (false when it cannot be asked). */
    boolean linkExists(String name) {
        try {
            return rtnl.findLink(name).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the link is running now (false when absent or when it cannot be asked); events follow from here. */
    boolean linkUp(String name) {
        boolean up;
        try {
            up = rtnl.findLink(name).map(Link::isRunning).orElse(false);
        } catch (RuntimeException e) {
            up = false;
        }
        interfaces.known(name, up);
        return up;
    }

    /** The address adverts go out from: the interface's first IPv4 address, or its IPv6 link-local. */
    InetAddress primaryAddress(String interfaceName, boolean ipv6) {
        int index = rtnl.link(interfaceName).index();
        InetAddress fallback = null;
        for (IfAddress a : rtnl.addresses()) {
            if (a.interfaceIndex() != index || (a.flags() & IfAddress.IFA_F_SECONDARY) != 0) {
                continue;
            }
            if (!ipv6 && a.address() instanceof Inet4Address) {
                return a.address();
            }
            if (ipv6 && a.address() instanceof Inet6Address) {
                if (a.address().isLinkLocalAddress()) {
                    return a.address();
                }
                fallback = fallback == null ? a.address() : fallback;
            }
        }
        if (fallback != null) {
            return fallback;
        }
        throw new IllegalStateException(
                "interface " + interfaceName + " has no " + (ipv6 ? "IPv6" : "IPv4") + " address");
    }

    /** Forgets the interfaces' reported states (the engine stopped). */
    void clear() {
        interfaces.clear();
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
    }
}
