package org.keepalivedj.vrrp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.GarpSettings;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.NotifyScripts;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.TrackRef;
import org.keepalivedj.api.model.Tracking;
import org.keepalivedj.api.model.UnicastPeer;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.net.VirtualAddress;
import org.keepalivedj.api.vrrp.AdvertError;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.netlink.ConfigTranslation;
import org.keepalivedj.netlink.Frames;
import org.keepalivedj.netlink.Link;
import org.keepalivedj.netlink.ReceivedPacket;
import org.keepalivedj.netlink.Route;
import org.keepalivedj.netlink.Rule;
import org.keepalivedj.vrrp.ChecksumMode;
import org.keepalivedj.vrrp.DecodeResult;
import org.keepalivedj.vrrp.DropReason;
import org.keepalivedj.vrrp.VrrpAdvert;
import org.keepalivedj.vrrp.VrrpCodec;
import org.keepalivedj.vrrp.VrrpScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running vrrp_instance: its state machine wired to a shared socket, the address manager,
 * gratuitous ARP and notifications. State changes run on the timer thread; the view methods may
 * be called from anywhere.
 */
final class InstanceRuntime implements VrrpInstanceView, StateEffects, SharedSocket.Receiver {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    /** Replaced only by {@link #reprioritize}. */
    volatile VrrpInstance model;

    final VrrpStateMachine machine;
    final InstanceTracker tracker;
    private final Engine engine;
    private final boolean ipv6;
    private final String advertInterface;
    private final List<InetAddress> advertAddresses = new ArrayList<>();
    private final List<VirtualAddress> addresses = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    /** Routes and rules a predecessor this instance took over from left in the kernel: not added again. */
    private final List<Object> inherited = new ArrayList<>();

    private final List<InetAddress> destinations = new ArrayList<>();
    private final AdvertValidator validator;
    /** auth_hmac, or null. */
    private final HmacAuth hmac;

    private final ChecksumMode checksumMode;
    private final GarpSettings garp;
    private final String password;
    private volatile SharedSocket socket;
    /** Started, and not yet stopped or handed over: only then does it (re)open its socket. Timer thread. */
    private boolean started;

    private boolean retired;
    /** promote_secondaries is held on the interface for this instance. */
    private boolean promoted;

    private InetAddress source;
    private String vmacName;
    private volatile Instant lastTransition = Instant.now();
    private VrrpScheduler.Timer garpTimer;
    private VrrpScheduler.Timer lowerPrioTimer;
    private final ExtraGarp extraGarp;
    private VrrpScheduler.Timer extraGarpTimer;
    private final List<VrrpScheduler.Timer> pacedGarps = new ArrayList<>();
    /** Log lines of dropped (and address-mismatched) adverts, limited per reason. */
    private final RateLimitedLog dropLog;
    /** The VIPs (virtual_ipaddress and _excluded) without no_track: deleting one takes a MASTER out of MASTER. */
    private final Set<InetAddress> trackedAddresses = new HashSet<>();
    /** Removed by a reload: its stop is notified as keepalived notifies a deleted instance. */
    private boolean deleted;

    private static final String ADDRESS_LIST = "ADDRESS_LIST";
    private static final String OWNER_IGNORES = "OWNER_IGNORES";
    /** The tracked flag that keeps an instance without peers in FAULT (unicast_fault_no_peer). */
    static final String NO_PEERS = "unicast peers";

    /** keepalived's election options read from the instance's (and global_defs') keywords. */
    private final ElectionOptions options;
    /** The source of the last advert accepted: skip_check_adv_addr compares a new master's list only. */
    private InetAddress lastAdvertSource;

    InstanceRuntime(VrrpInstance model, Engine engine) {
        this.model = model;
        this.engine = engine;
        this.ipv6 = ipv6(model);
        this.machine = new VrrpStateMachine(MachineSettings.of(model), engine.timer(), this);
        this.tracker = new InstanceTracker(machine);
        this.garp = model.garp() != null ? model.garp() : GarpSettings.DEFAULTS;
        this.password = model.authentication() != null
                        && "PASS".equalsIgnoreCase(model.authentication().type())
                ? model.authentication().password()
                : null;
        if (model.authentication() != null
                && "AH".equalsIgnoreCase(model.authentication().type())) {
            LOG.warn(
                    "({}) auth_type AH is not supported (no AH in this kernel); sending without authentication",
                    model.name());
        }
        this.checksumMode = checksumMode(model, engine);
        this.vmacName = vmacName(model);
        this.advertInterface = advertInterface(model);
        String addressDevice = vmacName != null ? vmacName : model.interfaceName();
        for (var line : model.virtualAddresses()) {
            VirtualAddress a = ConfigTranslation.address(line, addressDevice);
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
            addresses.add(ConfigTranslation.address(line, addressDevice));
        }
        for (var line : model.virtualRoutes()) {
            routes.add(ConfigTranslation.route(line));
        }
        for (var line : model.virtualRules()) {
            rules.add(ConfigTranslation.rule(line));
        }
        if (model.unicast()) {
            for (UnicastPeer p : model.unicastPeers()) {
                destinations.add(p.address());
            }
        } else {
            InetAddress group = model.multicastGroup() != null ? model.multicastGroup() : engine.group(ipv6);
            destinations.add(group);
        }
        machine.lowerPrioNoAdvert(lowerPrioNoAdvert(model, engine));
        this.options = ElectionOptions.of(model, engine.globalSettings());
        this.extraGarp = ExtraGarp.of(model.settings(), engine.globalSettings());
        if (options.ownerIgnoreAdvertsRefused()) {
            LOG.warn("({}) ignoring owner_ignore_adverts since priority is not 255", model.name());
        }
        if (options.faultWithoutPeers()) {
            LOG.warn("({}) Cannot use unicast without any peers - going to fault state", model.name());
            tracker.track(NO_PEERS, 0, false, false);
        }
        if (options.trackSourceAddress()) {
            tracker.track(sourceKey(), 0, false, engine.isLocalAddress(model.sourceAddress()));
        }
        this.validator = new AdvertValidator(
                model.version(), machine.settings.advertField(), password, model.unicastPeers(), checksumMode);
        this.dropLog = new RateLimitedLog(engine.timer(), engine.dropLogInterval());
        this.hmac = HmacAuth.of(model.hmacAuthentication());
    }

    /**
     * What the kernel would refuse of this instance now, as {@code file:line:col: message}, or null:
     * a link it names (its interface, an address's or a route's dev, a track_interface, its sync group's) that
     * does not exist. Asked before a running instance is replaced by this one; a VMAC is created at
     * start, so only its parent must exist.
     */
    String kernelRefusal(org.keepalivedj.api.model.SyncGroup group) {
        if (!engine.linkExists(model.interfaceName())) {
            return model.origin() + ": interface " + model.interfaceName() + " does not exist";
        }
        List<org.keepalivedj.api.model.VirtualAddress> lines = new ArrayList<>(model.virtualAddresses());
        lines.addAll(model.excludedAddresses());
        for (var line : lines) {
            String dev = line.device();
            if (dev != null && !dev.equals(vmacName) && !engine.linkExists(dev)) {
                return line.origin() + ": address " + line.address() + " dev " + dev + ": no such device";
            }
        }
        for (var line : model.virtualRoutes()) {
            String dev = line.device();
            if (dev != null && !dev.equals(vmacName) && !engine.linkExists(dev)) {
                return line.origin() + ": route " + line.destination() + " dev " + dev + ": no such device";
            }
        }
        List<Tracking> trackings = new ArrayList<>();
        trackings.add(model.tracking() != null ? model.tracking() : Tracking.NONE);
        if (group != null && group.tracking() != null) {
            trackings.add(group.tracking());
        }
        for (Tracking t : trackings) {
            for (TrackRef ref : t.interfaces()) {
                if (!engine.linkExists(ref.name())) {
                    return ref.origin() + ": track_interface " + ref.name() + ": no such interface";
                }
            }
        }
        return null;
    }

    /** lower_prio_no_advert in the instance, else vrrp_lower_prio_no_advert, else on in strict mode. */
    private static boolean lowerPrioNoAdvert(VrrpInstance model, Engine engine) {
        return lowerPrioNoAdvert(model.settings(), engine.globalSettings(), engine.strict());
    }

    static boolean lowerPrioNoAdvert(Settings instance, Settings global, boolean strict) {
        Boolean value = flag(instance, "lower_prio_no_advert");
        value = value != null ? value : flag(global, "vrrp_lower_prio_no_advert");
        return value != null ? value : strict;
    }

    private static ChecksumMode checksumMode(VrrpInstance model, Engine engine) {
        return checksumMode(model.settings(), engine.globalSettings());
    }

    /**
     * v3_checksum_as_v2: the instance's value, else global_defs'. old_unicast_checksum bare forces the
     * old checksum; "never" (or a word the config reported) keeps the standard one.
     */
    static ChecksumMode checksumMode(Settings instance, Settings global) {
        Boolean asV2 = flag(instance, "v3_checksum_as_v2");
        if (Boolean.TRUE.equals(asV2 != null ? asV2 : flag(global, "v3_checksum_as_v2"))) {
            return ChecksumMode.AS_V2;
        }
        String old = instance == null ? null : instance.get("old_unicast_checksum");
        return old != null && old.isBlank() ? ChecksumMode.OLD_UNICAST : ChecksumMode.STANDARD;
    }

    /** strict_mode in the instance (true or false), else global_defs' vrrp_strict. */
    static boolean strict(Settings instance, boolean globalStrict) {
        Boolean local = flag(instance, "strict_mode");
        return local != null ? local : globalStrict;
    }

    private static Boolean flag(Settings settings, String keyword) {
        return settings == null ? null : settings.flag(keyword);
    }

    /** The tracked flag of track_src_ip: down (FAULT) while the configured source address is not on the host. */
    private String sourceKey() {
        return "source address " + IpAddresses.format(model.sourceAddress()) + " present";
    }

    /** The host's addresses changed: track_src_ip follows its source address. Timer thread. */
    void localAddressesChanged() {
        if (options.trackSourceAddress()) {
            tracker.update(sourceKey(), engine.isLocalAddress(model.sourceAddress()));
        }
    }

    /** Opens what the instance needs (VMAC, socket) and starts the state machine. Timer thread. */
    void start() {
        start(false);
    }

    private void start(boolean asSuccessor) {
        started = true;
        tracker.track(socketKey(), 0, false, true);
        if (!attach(false)) {
            tracker.update(socketKey(), false);
        }
        if (noAccept()) {
            engine.acceptFilter()
                    .block(
                            model.name(),
                            addresses.stream().map(VirtualAddress::address).toList());
        }
        if (asSuccessor) {
            machine.startAsSuccessor();
        } else {
            long delay = engine.startupDelayNanos();
            if (delay > 0) {
                LOG.info("({}) Delaying startup for {} seconds", model.name(), String.format("%.3f", delay / 1e9));
            }
            machine.start(delay);
        }
    }

    /** The tracked flag that is down (FAULT) while the instance has no socket on its interface. */
    private String socketKey() {
        return "socket on " + advertInterface;
    }

    /**
     * Opens what sending and receiving need on the interface (its VMAC, the socket, the source
     * address); false, with the socket released, when the interface or its address is not there
     * (logged at debug only when retrying, as every link event retries).
     */
    private boolean attach(boolean retry) {
        try {
            if (vmacName != null) {
                createVmac();
            }
            socket = engine.acquireSocket(advertInterface, ipv6);
            socket.register(model.virtualRouterId(), this);
            if (!model.unicast()) {
                socket.joinGroup(destinations.get(0));
            }
            source = model.sourceAddress() != null
                    ? model.sourceAddress()
                    : engine.primaryAddress(model.interfaceName(), ipv6);
            machine.ownAddress(source);
            if (Boolean.TRUE.equals(flag(model.settings(), "promote_secondaries"))) {
                engine.promoteSecondaries().acquire(model.interfaceName(), promoted);
                promoted = true;
            }
            openGarpSockets();
            warmUp();
            return true;
        } catch (RuntimeException e) {
            if (retry) {
                LOG.debug("({}) still cannot use interface {}: {}", model.name(), advertInterface, e.getMessage());
            } else {
                LOG.error("({}) cannot start on interface {}: {}", model.name(), advertInterface, e.getMessage());
            }
            releaseSocket();
            return false;
        }
    }

    private void releaseSocket() {
        if (socket != null) {
            engine.releaseSocket(socket, model.virtualRouterId(), this);
            socket = null;
        }
    }

    /**
     * A link was deleted: when it is this instance's interface (or a VMAC's parent), its socket is
     * gone with it and the instance is in FAULT until {@link #reattach} succeeds. Timer thread.
     */
    void linkRemoved(String name) {
        if (socket != null && (name.equals(advertInterface) || name.equals(model.interfaceName()))) {
            LOG.info("({}) interface {} deleted", model.name(), name);
            releaseSocket();
            tracker.update(socketKey(), false);
        }
    }

    /** Tries again to open the socket this instance lacks (its interface or address may be back). Timer thread. */
    void reattach() {
        if (started && socket == null && !retired && engine.linkExists(model.interfaceName()) && attach(true)) {
            LOG.info("({}) interface {} is usable again", model.name(), advertInterface);
            tracker.update(socketKey(), true);
        }
    }

    /**
     * keepalived's rule: no_accept (or strict mode without an explicit accept) makes a MASTER that
     * does not own the addresses refuse packets addressed to them; the owner (255) always accepts.
     */
    boolean noAccept() {
        boolean strict = strict(model.settings(), engine.strict());
        boolean refuse = model.accept() != null ? !model.accept() : strict;
        return refuse && model.priority() != VrrpStateMachine.OWNER;
    }

    private void warmUp() {
        try {
            VrrpAdvert a = advert(machine.effectivePriority());
            WarmUp.once(ipv6, socket, a, source, destinations.get(0), checksumMode, addresses);
        } catch (RuntimeException e) {
            LOG.debug("({}) warm-up failed: {}", model.name(), e.getMessage());
        }
    }

    private VrrpAdvert advert(int priority) {
        int field = machine.settings.advertField();
        return model.version() == 2
                ? VrrpAdvert.v2(model.virtualRouterId(), priority, field, password, advertAddresses)
                : VrrpAdvert.v3(model.virtualRouterId(), priority, field, advertAddresses);
    }

    /** Opened at start, not at the first takeover, so a failover does not wait for socket set-up. */
    private void openGarpSockets() {
        for (VirtualAddress a : addresses) {
            try {
                engine.packetSocket(a.interfaceName());
            } catch (RuntimeException e) {
                LOG.debug("({}) no gratuitous ARP socket on {}: {}", model.name(), a.interfaceName(), e.getMessage());
            }
        }
    }

    private void createVmac() {
        byte[] mac = vmacAddress(model, ipv6);
        if (engine.rtnl().findLink(vmacName).isEmpty()) {
            engine.rtnl()
                    .addMacvlan(
                            vmacName, model.interfaceName(), mac, org.keepalivedj.netlink.RtNetlink.MACVLAN_PRIVATE);
            engine.createdLink(vmacName);
        }
        engine.rtnl().setUp(vmacName, true);
    }

    // ---- receive ----

    @Override
    public void received(ReceivedPacket p, DecodeResult d) {
        if (socket == null) {
            return;
        }
        if (hmac != null) {
            HmacAuth.Verdict v = hmac.check(p.payload(), p.source(), ipv6);
            if (v.dropped() != null) {
                dropped(v.dropped(), p, null);
                return;
            }
            p = new ReceivedPacket(
                    v.vrrp(), p.source(), p.destination(), p.ttl(), p.interfaceIndex(), p.arrivalNanos());
            d = VrrpCodec.decode(v.vrrp(), ipv6);
        }
        if (!d.ok()) {
            dropped(d.dropped(), p, null);
            return;
        }
        if (p.source().equals(source)) {
            // our own advert: not an error, so not counted; said once in a while at info
            dropLog.report(
                    DropReason.OWN_PACKET.name(),
                    "(" + model.name() + ") "
                            + AdvertValidator.describeMalformed(DropReason.OWN_PACKET, p.payload(), p.source(), ipv6),
                    LOG::info);
            return;
        }
        DropReason reason = validator.check(p.payload(), d.advert(), p.source(), p.destination(), p.ttl(), ipv6);
        if (reason != null) {
            dropped(reason, p, d.advert());
            return;
        }
        if (options.ownerIgnoreAdverts() && machine.effectivePriority() == VrrpStateMachine.OWNER) {
            // owner_ignore_adverts: the address owner is master whatever others say
            machine.counters.otherDrops.incrementAndGet();
            dropLog.report(
                    OWNER_IGNORES,
                    "(" + model.name() + ") Dropping packet(s) from " + IpAddresses.format(p.source())
                            + " since we are address owner",
                    LOG::warn);
            return;
        }
        machine.counters.advertisementsReceived.incrementAndGet();
        VrrpAdvert a = d.advert();
        // skip_check_adv_addr: the list of the master we already heard is not compared again
        boolean sameMaster = p.source().equals(lastAdvertSource);
        lastAdvertSource = p.source();
        if (a.priority() != VrrpStateMachine.OWNER
                && !(options.skipCheckAdvAddr() && sameMaster)
                && !AdvertValidator.sameAddresses(a, advertAddresses)) {
            machine.counters.addressListErrors.incrementAndGet();
            dropLog.report(
                    ADDRESS_LIST,
                    "(" + model.name() + ") " + AdvertValidator.describeAddressMismatch(a, advertAddresses, p.source()),
                    LOG::warn);
        }
        machine.onAdvert(a, p.source(), p.arrivalNanos());
    }

    /** Counts the drop under its reason and logs it, rate-limited per reason. */
    private void dropped(DropReason reason, ReceivedPacket p, VrrpAdvert decoded) {
        machine.counters.dropped(reason);
        AdvertError error = announced(reason);
        if (error != null) {
            engine.fireAdvertRejected(this, error, p.source());
        }
        dropLog.report(
                reason.name(),
                "(" + model.name() + ") " + validator.describe(reason, p.payload(), decoded, p.source(), p.ttl(), ipv6),
                LOG::warn);
    }

    /** The drops the VRRP MIBs have a notification for (the others are only counted and logged). */
    private static AdvertError announced(DropReason reason) {
        return switch (reason) {
            case INVALID_AUTH_TYPE -> AdvertError.INVALID_AUTH_TYPE;
            case AUTH_TYPE_MISMATCH -> AdvertError.AUTH_TYPE_MISMATCH;
            case AUTH_FAILURE -> AdvertError.AUTH_FAILURE;
            case TTL -> AdvertError.IP_TTL;
            case VERSION -> AdvertError.VERSION;
            case CHECKSUM -> AdvertError.CHECKSUM;
            default -> null;
        };
    }

    // ---- effects ----

    @Override
    public void sendAdvert(VrrpStateMachine instance, int priority) {
        if (socket == null || source == null) {
            machine.counters.sendErrors.incrementAndGet();
            return;
        }
        VrrpAdvert a = advert(priority);
        long sequence = hmac == null ? -1 : hmac.nextSequence();
        for (InetAddress destination : destinations) {
            try {
                byte[] packet = VrrpCodec.encode(a, source, destination, checksumMode);
                if (sequence != -1) {
                    packet = hmac.sign(packet, source, sequence);
                }
                socket.send(packet, destination, source, options.unicastTtl());
                machine.counters.advertisementsSent.incrementAndGet();
            } catch (RuntimeException e) {
                machine.counters.sendErrors.incrementAndGet();
                LOG.warn(
                        "({}) cannot send advert to {}: {}",
                        model.name(),
                        IpAddresses.format(destination),
                        e.getMessage());
            }
        }
    }

    @Override
    public void takeAddresses(VrrpStateMachine instance) {
        for (VirtualAddress a : addresses) {
            try {
                engine.addresses().add(a);
            } catch (RuntimeException e) {
                LOG.error("({}) cannot add {}: {}", model.name(), a, e.getMessage());
            }
        }
        for (Route r : routes) {
            if (inherited.contains(r)) {
                continue;
            }
            try {
                engine.rtnl().addRoute(r);
            } catch (RuntimeException e) {
                LOG.error("({}) cannot add route {}: {}", model.name(), r, e.getMessage());
            }
        }
        for (Rule r : rules) {
            if (inherited.contains(r)) {
                continue;
            }
            try {
                engine.rtnl().addRule(r);
            } catch (RuntimeException e) {
                LOG.error("({}) cannot add rule {}: {}", model.name(), r, e.getMessage());
            }
        }
        inherited.clear();
        startGarp();
    }

    @Override
    public void releaseAddresses(VrrpStateMachine instance) {
        stopGarp();
        for (Rule r : rules) {
            quietly(() -> engine.rtnl().deleteRule(r));
        }
        for (Route r : routes) {
            quietly(() -> engine.rtnl().deleteRoute(r));
        }
        for (VirtualAddress a : addresses) {
            try {
                engine.addresses().remove(a);
            } catch (RuntimeException e) {
                LOG.error("({}) cannot remove {}: {}", model.name(), a, e.getMessage());
            }
        }
    }

    private void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.debug("({}) cleanup: {}", model.name(), e.getMessage());
        }
    }

    @Override
    public void stateChanged(VrrpStateMachine instance, InstanceState from, InstanceState to) {
        lastTransition = Instant.now();
        NotifyScripts scripts = model.notifyScripts() != null ? model.notifyScripts() : NotifyScripts.NONE;
        if (deleted && to == InstanceState.STOP) {
            engine.notifier().deleted(model.name(), scripts, scripts.deleted() != null, machine.effectivePriority());
        } else if (to != InstanceState.INIT) {
            engine.notifier().notify("INSTANCE", model.name(), scripts, to, machine.effectivePriority());
        }
        engine.memberStateChanged(machine);
        engine.fireStateChanged(this, from, to);
    }

    // ---- gratuitous ARP / unsolicited NA ----

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
            for (VirtualAddress a : addresses) {
                String dev = a.interfaceName();
                if (!dev.equals(model.interfaceName()) && (extraGarp.all() || dev.equals(vmacName))) {
                    sendGarp(a);
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

    private void stopGarp() {
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
        pacedGarps.forEach(VrrpScheduler.Timer::cancel);
        pacedGarps.clear();
    }

    /**
     * repeat rounds over every address. With vrrp_garp_interval (IPv4) or vrrp_gna_interval
     * (IPv6) the messages of a family are paced that far apart instead of leaving back to back.
     */
    private void sendGarpBurst(int repeat) {
        if (machine.state() != InstanceState.MASTER) {
            return;
        }
        long now = engine.timer().nanoTime();
        pacedGarps.removeIf(t -> t.dueNanos() <= now);
        long gap4 = garp.interval().toNanos();
        long gap6 = garp.gnaInterval().toNanos();
        int sent4 = 0;
        int sent6 = 0;
        for (int i = 0; i < Math.max(1, repeat); i++) {
            for (VirtualAddress a : addresses) {
                boolean v6 = a.address() instanceof Inet6Address;
                long delay = v6 ? sent6++ * gap6 : sent4++ * gap4;
                if (delay == 0) {
                    sendGarp(a);
                } else {
                    pacedGarps.add(engine.timer().schedule(delay, () -> {
                        if (machine.state() == InstanceState.MASTER) {
                            sendGarp(a);
                        }
                    }));
                }
            }
        }
    }

    /**
     * garp_lower_prio_repeat / garp_lower_prio_delay: a lower-priority master was heard, so hosts
     * may have its MAC for our VIPs; a burst now and, after the delay, a second one.
     */
    @Override
    public void lowerPriorityMasterSeen(VrrpStateMachine instance) {
        if (options.rxLowerPriScript() != null) {
            engine.notifier().script(options.rxLowerPriScript());
        }
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

    private void sendGarp(VirtualAddress a) {
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
            engine.packetSocket(a.interfaceName()).send(frame);
        } catch (RuntimeException e) {
            LOG.debug("({}) gratuitous ARP for {} failed: {}", model.name(), a, e.getMessage());
        }
    }

    /**
     * Whether this MASTER can hand over to next, which a reload built for the same instance: next is
     * the same router on the wire (interface, VRID, family) and not faulted.
     */
    boolean canHandOver(InstanceRuntime next) {
        return machine.state() == InstanceState.MASTER && !next.machine.isFaulted() && handsOver(model, next.model);
    }

    /** Whether a MASTER of was can hand over to now: same advert interface, family and VRID. */
    static boolean handsOver(VrrpInstance was, VrrpInstance now) {
        return advertInterface(was).equals(advertInterface(now))
                && ipv6(was) == ipv6(now)
                && was.virtualRouterId() == now.virtualRouterId();
    }

    private static boolean ipv6(VrrpInstance model) {
        return model.family() == Family.INET6
                || (model.family() == null
                        && !model.virtualAddresses().isEmpty()
                        && model.virtualAddresses().get(0).family() == Family.INET6);
    }

    private static String vmacName(VrrpInstance model) {
        return model.vmac() == null ? null : model.vmac().name();
    }

    /** The VMAC unless vmac_xmit_base sends and receives adverts on the base interface. */
    private static String advertInterface(VrrpInstance model) {
        return model.vmac() != null && !model.vmac().xmitBase() ? model.vmac().name() : model.interfaceName();
    }

    /** use_vmac's MAC, else the VRRP virtual MAC of the instance's family (RFC 5798 section 7.3). */
    private static byte[] vmacAddress(VrrpInstance model, boolean ipv6) {
        String mac = model.vmac().mac();
        if (mac == null) {
            return new byte[] {0, 0, 0x5e, 0, (byte) (ipv6 ? 2 : 1), (byte) model.virtualRouterId()};
        }
        String[] octets = mac.split(":");
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) Integer.parseInt(octets[i], 16);
        }
        return out;
    }

    /**
     * Stops this MASTER in favour of next (see {@link #canHandOver}) without a gap, as keepalived keeps
     * a master across a reload: no priority 0, what next holds too stays in the kernel, the rest is
     * removed, and next starts as MASTER. Timer thread.
     */
    void handOver(InstanceRuntime next) {
        LOG.info("({}) hands over to its new config as MASTER", model.name());
        stopGarp();
        for (Rule r : rules) {
            if (next.rules.contains(r)) {
                next.inherited.add(r);
            } else {
                quietly(() -> engine.rtnl().deleteRule(r));
            }
        }
        for (Route r : routes) {
            if (next.routes.contains(r)) {
                next.inherited.add(r);
            } else {
                quietly(() -> engine.rtnl().deleteRoute(r));
            }
        }
        for (VirtualAddress a : addresses) {
            if (!next.addresses.contains(a)) {
                quietly(() -> engine.addresses().remove(a));
            }
        }
        machine.retire();
        retired = true;
        dropLog.close();
        engine.acceptFilter().unblock(model.name());
        releaseSocket();
        next.start(true);
        unpromote();
        if (next.machine.state() != InstanceState.MASTER) {
            next.releaseAddresses(next.machine); // it could not start as MASTER: nothing is left held by nobody
        }
    }

    @Override
    public void priorityChanged(VrrpStateMachine instance, int priority) {
        if (machine.state() != InstanceState.INIT && engine.notifiesPriorityChanges(model)) {
            engine.notifier().priorityChanged(model.name(), machine.state(), priority);
        }
    }

    /** Whether this is a MASTER holding the address as a tracked VIP. */
    boolean lostTrackedAddress(InetAddress address) {
        return machine.state() == InstanceState.MASTER && trackedAddresses.contains(address);
    }

    /**
     * A tracked VIP was deleted from under this MASTER (not by us): as keepalived, it sends priority 0,
     * releases its addresses and goes to BACKUP; the election then decides (alone, it is MASTER again
     * after Master_Down_Interval, with every VIP back). A no_track VIP's deletion changes nothing.
     */
    void trackedAddressRemoved(InetAddress address) {
        LOG.info("({}) virtual address {} was removed: leaving MASTER", model.name(), IpAddresses.format(address));
        machine.giveUpMaster();
    }

    /** Stops as {@link #stop} does for an instance a reload removed: notify says DELETED or FAULT, not STOP. */
    void delete() {
        deleted = true;
        stop();
    }

    /** Stops the state machine (priority 0 if MASTER, addresses released) and releases the socket. Timer thread. */
    void stop() {
        machine.stop();
        retired = true;
        stopGarp();
        dropLog.close();
        engine.acceptFilter().unblock(model.name());
        releaseSocket();
        unpromote();
    }

    private void unpromote() {
        if (promoted) {
            engine.promoteSecondaries().release(model.interfaceName());
            promoted = false;
        }
    }

    String trackedInterface() {
        return model.interfaceName();
    }

    // ---- view ----

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public InstanceState state() {
        return machine.state();
    }

    @Override
    public InstanceState wantedState() {
        return model.initialState() == org.keepalivedj.api.model.VrrpState.MASTER
                ? InstanceState.MASTER
                : InstanceState.BACKUP;
    }

    @Override
    public int basePriority() {
        // an operator's override replaces the config's priority until cleared (VrrpInstanceView)
        Integer override = tracker.priorityOverride();
        return override != null ? override : model.priority();
    }

    @Override
    public int effectivePriority() {
        return machine.effectivePriority();
    }

    @Override
    public int virtualRouterId() {
        return model.virtualRouterId();
    }

    @Override
    public String interfaceName() {
        return model.interfaceName();
    }

    @Override
    public int version() {
        return model.version();
    }

    @Override
    public Duration advertInterval() {
        return Duration.ofNanos(machine.settings.advertNanos());
    }

    @Override
    public InetAddress masterAddress() {
        return machine.masterAddress();
    }

    @Override
    public int masterPriority() {
        return machine.masterPriority();
    }

    @Override
    public List<String> virtualAddresses() {
        return addresses.stream().map(VirtualAddress::toString).toList();
    }

    @Override
    public Instant lastTransition() {
        return lastTransition;
    }

    @Override
    public List<String> faultReasons() {
        return machine.faultReasons();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new java.util.LinkedHashMap<>(machine.counters.snapshot());
        SharedSocket s = socket;
        m.put("ownPacketsIgnored", s == null ? 0L : s.ownPacketCount());
        return m;
    }

    /**
     * Takes a model that differs from the running one in its priority alone (timer thread): the
     * instance keeps its state and VIPs, as keepalived keeps them across a reload, and elects with
     * the new priority from its next advert on.
     */
    void reprioritize(VrrpInstance changed) {
        LOG.info("({}) priority {} -> {} by the new config", changed.name(), model.priority(), changed.priority());
        model = changed;
        machine.reprioritize(MachineSettings.of(changed));
        tracker.recompute();
    }

    @Override
    public void setPriorityOverride(int priority) {
        if (priority < 1 || priority > 254) {
            throw new IllegalArgumentException("priority override must be 1-254, not " + priority);
        }
        engine.timer().execute(() -> {
            LOG.info("({}) priority set to {} by management", model.name(), priority);
            tracker.priorityOverride(priority);
        });
    }

    @Override
    public void clearPriorityOverride() {
        engine.timer().execute(() -> tracker.priorityOverride(null));
    }

    @Override
    public void giveUpMaster() {
        engine.timer().execute(machine::giveUpMaster);
    }

    @Override
    public void sendGarp() {
        engine.timer().execute(() -> sendGarpBurst(1));
    }

    @Override
    public String toString() {
        return machine.toString();
    }
}
