package org.keepalivedj.vrrp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.model.GarpSettings;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.VirtualAddress;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.netlink.ConfigTranslation;
import org.keepalivedj.netlink.Frames;
import org.keepalivedj.netlink.Link;
import org.keepalivedj.vrrp.VrrpScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one instance holds in the kernel while MASTER: its VIPs, virtual routes and rules, and the
 * gratuitous ARPs / unsolicited NAs that announce them. Timer thread.
 */
final class AddressEffects {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    private final Engine engine;
    private final VrrpStateMachine machine;
    private final String name;
    private final String interfaceName;
    private final String vmacName;
    /** virtual_ipaddress then virtual_ipaddress_excluded, on their devices. */
    private final List<ManagedAddress> addresses = new ArrayList<>();
    /** The VMACs of addresses (use_vmac on a line, use_vmac_addr) that this instance's addresses go on. */
    private final Set<AddressVmacs.AddressVmac> addressVmacs = new LinkedHashSet<>();
    /** The VIPs of the instance's family that its adverts list. */
    private final List<InetAddress> advertAddresses = new ArrayList<>();

    private final List<IpRoute> routes = new ArrayList<>();
    private final List<IpRule> rules = new ArrayList<>();
    /** Routes and rules a predecessor this instance took over from left in the kernel: not added again. */
    private final List<Object> inherited = new ArrayList<>();
    /** The VIPs (virtual_ipaddress and _excluded) without no_track: deleting one takes a MASTER out of MASTER. */
    private final Set<InetAddress> trackedAddresses = new HashSet<>();

    private final GarpSettings garp;
    private final ExtraGarp extraGarp;
    private VrrpScheduler.Timer garpTimer;
    private VrrpScheduler.Timer lowerPrioTimer;
    private VrrpScheduler.Timer extraGarpTimer;

    AddressEffects(VrrpInstance model, boolean ipv6, String vmacName, VrrpStateMachine machine, Engine engine) {
        this.engine = engine;
        this.machine = machine;
        this.name = model.name();
        this.interfaceName = model.interfaceName();
        this.vmacName = vmacName;
        this.garp = model.garp() != null ? model.garp() : GarpSettings.DEFAULTS;
        this.extraGarp = ExtraGarp.of(model.settings(), engine.globalSettings());
        String addressDevice = vmacName != null ? vmacName : model.interfaceName();
        Map<VirtualAddress, AddressVmacs.AddressVmac> ownVmacs =
                engine.addressVmacs().of(model.name());
        addressVmacs.addAll(ownVmacs.values());
        for (var line : model.virtualAddresses()) {
            ManagedAddress a = address(line, addressDevice, ownVmacs);
            addresses.add(a);
            if ((a.address() instanceof Inet6Address) == ipv6) {
                advertAddresses.add(a.address());
            }
        }
        for (var line : model.virtualAddresses()) {
            if (!line.noTrack()) {
                trackedAddresses.add(line.address().address());
            }
        }
        for (var line : model.excludedAddresses()) {
            if (!line.noTrack()) {
                trackedAddresses.add(line.address().address());
            }
            addresses.add(address(line, addressDevice, ownVmacs));
        }
        for (var line : model.virtualRoutes()) {
            routes.add(line.inKernel());
        }
        for (var line : model.virtualRules()) {
            rules.add(line.inKernel());
        }
    }

    /**
     * The address on its own VMAC when it has one; else an address on the instance's interface (no dev,
     * or dev naming it) goes on the instance's VMAC if it has one, as keepalived 2.2.7 places it.
     */
    private ManagedAddress address(
            VirtualAddress line, String addressDevice, Map<VirtualAddress, AddressVmacs.AddressVmac> ownVmacs) {
        AddressVmacs.AddressVmac vmac = ownVmacs.get(line);
        ManagedAddress a = ConfigTranslation.address(line, addressDevice);
        String device = vmac != null
                ? vmac.name()
                : line.useVmac() || interfaceName.equals(line.device()) ? addressDevice : a.interfaceName();
        return device.equals(a.interfaceName())
                ? a
                : new ManagedAddress(
                        device, a.address(), a.prefixLength(), a.scope(), a.label(), a.broadcast(), a.flags());
    }

    /** The VMACs this instance's addresses go on, created (and kept) while it runs. */
    Collection<AddressVmacs.AddressVmac> addressVmacs() {
        return addressVmacs;
    }

    List<ManagedAddress> addresses() {
        return addresses;
    }

    List<InetAddress> advertAddresses() {
        return advertAddresses;
    }

    /** The VIPs whose deletion takes this instance out of MASTER (no no_track). */
    Set<InetAddress> trackedAddresses() {
        return trackedAddresses;
    }

    /** Became MASTER: VIPs, routes and rules into the kernel, then gratuitous ARP. */
    void take() {
        for (ManagedAddress a : addresses) {
            try {
                engine.addresses().add(a);
            } catch (RuntimeException e) {
                LOG.error("({}) cannot add {}: {}", name, a, e.getMessage());
            }
        }
        for (IpRoute r : routes) {
            if (inherited.contains(r)) {
                continue;
            }
            try {
                engine.rtnl().addRoute(r);
            } catch (RuntimeException e) {
                LOG.error("({}) cannot add route {}: {}", name, r, e.getMessage());
            }
        }
        for (IpRule r : rules) {
            if (inherited.contains(r)) {
                continue;
            }
            try {
                engine.rtnl().addRule(r);
            } catch (RuntimeException e) {
                LOG.error("({}) cannot add rule {}: {}", name, r, e.getMessage());
            }
        }
        inherited.clear();
        startGarp();
    }

    /** Left MASTER: removes what {@link #take} added. */
    void release() {
        stopGarp();
        for (IpRule r : rules) {
            quietly(() -> engine.rtnl().deleteRule(r));
        }
        for (IpRoute r : routes) {
            quietly(() -> engine.rtnl().deleteRoute(r));
        }
        for (ManagedAddress a : addresses) {
            try {
                engine.addresses().remove(a);
            } catch (RuntimeException e) {
                LOG.error("({}) cannot remove {}: {}", name, a, e.getMessage());
            }
        }
    }

    /** A MASTER hands over to next: what next holds too stays in the kernel, the rest is removed. */
    void handOverTo(AddressEffects next) {
        stopGarp();
        for (IpRule r : rules) {
            if (next.rules.contains(r)) {
                next.inherited.add(r);
            } else {
                quietly(() -> engine.rtnl().deleteRule(r));
            }
        }
        for (IpRoute r : routes) {
            if (next.routes.contains(r)) {
                next.inherited.add(r);
            } else {
                quietly(() -> engine.rtnl().deleteRoute(r));
            }
        }
        for (ManagedAddress a : addresses) {
            if (!next.addresses.contains(a)) {
                quietly(() -> engine.addresses().remove(a));
            }
        }
    }

    private void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.debug("({}) cleanup: {}", name, e.getMessage());
        }
    }

    // ---- gratuitous ARP / unsolicited NA ----

    /** Opened at start, not at the first takeover, so a failover does not wait for socket set-up. */
    void openGarpSockets() {
        for (ManagedAddress a : addresses) {
            try {
                engine.sockets().packetSocket(a.interfaceName());
            } catch (RuntimeException e) {
                LOG.debug("({}) no gratuitous ARP socket on {}: {}", name, a.interfaceName(), e.getMessage());
            }
        }
    }

    /** A burst now, another after garp_master_delay, then one every garp_master_refresh while MASTER. */
    private void startGarp() {
        stopGarp();
        sendGarpBurst(garp.masterRepeat());
        if (!garp.masterDelay().isZero()) {
            garpTimer = engine.timer().schedule(garp.masterDelay().toNanos(), () -> {
                sendGarpBurst(garp.masterRepeat());
                scheduleRefresh();
            });
        } else {
            scheduleRefresh();
        }
        scheduleExtraGarp();
    }

    /** garp_extra_if: the addresses off the instance's interface (only the VMAC's without "all"), periodically. */
    private void scheduleExtraGarp() {
        if (!extraGarp.on() || machine.state() != InstanceState.MASTER) {
            return;
        }
        extraGarpTimer = engine.timer().schedule(extraGarp.interval().toNanos(), () -> {
            for (int n = 0; n < addresses.size(); n++) {
                String dev = addresses.get(n).interfaceName();
                if (!dev.equals(interfaceName) && (extraGarp.all() || dev.equals(vmacName))) {
                    pacedGarp(n);
                }
            }
            scheduleExtraGarp();
        });
    }

    private void scheduleRefresh() {
        if (machine.state() == InstanceState.MASTER && !garp.masterRefresh().isZero()) {
            garpTimer = engine.timer().schedule(garp.masterRefresh().toNanos(), () -> {
                sendGarpBurst(garp.masterRefreshRepeat());
                scheduleRefresh();
            });
        }
    }

    void stopGarp() {
        if (garpTimer != null) {
            garpTimer.cancel();
            garpTimer = null;
        }
        if (lowerPrioTimer != null) {
            lowerPrioTimer.cancel();
            lowerPrioTimer = null;
        }
        if (extraGarpTimer != null) {
            extraGarpTimer.cancel();
            extraGarpTimer = null;
        }
    }

    /**
     * repeat rounds over every address, through the engine's per-interface pacing
     * (vrrp_garp_interval / vrrp_gna_interval, garp_group), which spaces them across instances.
     */
    void sendGarpBurst(int repeat) {
        if (machine.state() != InstanceState.MASTER) {
            return;
        }
        for (int i = 0; i < Math.max(1, repeat); i++) {
            for (int n = 0; n < addresses.size(); n++) {
                pacedGarp(n);
            }
        }
    }

    /** Goes out when the interface's pacing allows, if this instance is still MASTER then. */
    private void pacedGarp(int index) {
        ManagedAddress a = addresses.get(index);
        engine.garpPacing().send(a.interfaceName(), a.address() instanceof Inet6Address, name, index, () -> {
            if (machine.state() != InstanceState.MASTER) {
                return false;
            }
            sendGarp(a);
            return true;
        });
    }

    /**
     * garp_lower_prio_repeat / garp_lower_prio_delay: a lower-priority master was heard, so hosts
     * may have its MAC for our VIPs; a burst now and, after the delay, a second one.
     */
    void lowerPriorityMasterSeen() {
        int repeat = garp.lowerPrioRepeat();
        if (repeat <= 0) {
            return;
        }
        if (lowerPrioTimer != null) {
            lowerPrioTimer.cancel();
            lowerPrioTimer = null;
        }
        sendGarpBurst(repeat);
        if (!garp.lowerPrioDelay().isZero()) {
            lowerPrioTimer = engine.timer().schedule(garp.lowerPrioDelay().toNanos(), () -> {
                lowerPrioTimer = null;
                sendGarpBurst(repeat);
            });
        }
    }

    private void sendGarp(ManagedAddress a) {
        try {
            Link link = engine.rtnl().link(a.interfaceName());
            byte[] mac = link.mac();
            if (mac == null || mac.length != 6) {
                return;
            }
            byte[] frame = a.address() instanceof Inet4Address v4
                    ? Frames.gratuitousArp(mac, v4)
                    : Frames.unsolicitedNeighbourAdvertisement(
                            mac, (Inet6Address) a.address(), (Inet6Address) a.address(), false);
            engine.sockets().packetSocket(a.interfaceName()).send(frame);
        } catch (RuntimeException e) {
            LOG.debug("({}) gratuitous ARP for {} failed: {}", name, a, e.getMessage());
        }
    }
}
