package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.Ipvlan;
import org.keepalivedj.api.model.NotifyScripts;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.TrackRef;
import org.keepalivedj.api.model.Tracking;
import org.keepalivedj.api.model.UnicastPeer;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.netlink.RtNetlink;
import org.keepalivedj.vrrp.ChecksumMode;
import org.keepalivedj.vrrp.VrrpAdvert;
import org.keepalivedj.vrrp.VrrpCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running vrrp_instance: its state machine wired to a shared socket, sending adverts and
 * notifying state changes; what it holds as MASTER is its {@link AddressEffects}, what it hears goes
 * through its {@link AdvertReceiver}, and management sees it through its {@link InstanceView}. Timer
 * thread, except the view.
 */
final class InstanceRuntime implements StateEffects {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    /** Replaced only by {@link #reprioritize}. */
    volatile VrrpInstance model;

    final VrrpStateMachine machine;
    final InstanceTracker tracker;
    final InstanceView view;
    final AddressEffects effects;
    private final AdvertReceiver receiver;
    private final Engine engine;
    private final boolean ipv6;
    private final String advertInterface;

    private final List<InetAddress> destinations = new ArrayList<>();
    /** auth_hmac, or null: signs what this instance sends and checks what its receiver hears. */
    final HmacAuth hmac;
    /** auth_type AH, or null: wraps what this instance sends in IPsec AH and checks what it hears. */
    final AhAuth ah;

    private final ChecksumMode checksumMode;
    private final String password;
    private volatile SharedSocket socket;
    /** Started, and not yet stopped or handed over: only then does it (re)open its socket. Timer thread. */
    private boolean started;

    private boolean retired;
    /** promote_secondaries is held on the interface for this instance. */
    private boolean promoted;

    private InetAddress source;
    /**
     * The adverts last encoded, one per destination, and the priority, source and interval field
     * they carry: a steady MASTER sends the same bytes every interval, so nothing is encoded again.
     * Timer thread.
     */
    private byte[][] encoded;

    private int encodedPriority = -1;
    private InetAddress encodedSource;
    private int encodedField = -1;
    private String vmacName;
    /** Removed by a reload: its stop is notified as keepalived notifies a deleted instance. */
    private boolean deleted;

    /** The tracked flag that keeps an instance without peers in FAULT (unicast_fault_no_peer). */
    static final String NO_PEERS = "unicast peers";

    /** keepalived's election options read from the instance's (and global_defs') keywords. */
    private final ElectionOptions options;

    InstanceRuntime(VrrpInstance model, Engine engine) {
        this.model = model;
        this.engine = engine;
        this.ipv6 = ipv6(model);
        this.machine = new VrrpStateMachine(MachineSettings.of(model), engine.timer(), this);
        this.tracker = new InstanceTracker(machine);
        this.view = new InstanceView(this, engine.timer());
        this.password = model.authentication() != null
                        && "PASS".equalsIgnoreCase(model.authentication().type())
                ? model.authentication().password()
                : null;
        this.ah = AhAuth.of(model.authentication(), model.unicast());
        this.checksumMode = checksumMode(model, engine);
        this.vmacName = vmacName(model);
        this.advertInterface = advertInterface(model);
        // keepalived 2.2.7 leaves the VIPs on the interface under an ipvlan (it shares that MAC)
        this.effects = new AddressEffects(model, ipv6, ipvlan() == null ? vmacName : null, machine, engine);
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
        if (options.ownerIgnoreAdvertsRefused()) {
            LOG.warn("({}) ignoring owner_ignore_adverts since priority is not 255", model.name());
        }
        if (options.faultWithoutPeers()) {
            LOG.warn("({}) Cannot use unicast without any peers - going to fault state", model.name());
            tracker.track(NO_PEERS, 0, false, false);
        }
        if (options.trackSourceAddress()) {
            tracker.track(sourceKey(), 0, false, engine.events().isLocalAddress(model.sourceAddress()));
        }
        this.hmac = HmacAuth.of(model.hmacAuthentication());
        this.receiver =
                new AdvertReceiver(this, ipv6, password, checksumMode, options, effects.advertAddresses(), engine);
    }

    /**
     * What the kernel would refuse of this instance now, as {@code file:line:col: message}, or null:
     * a link it names (its interface, an address's or a route's dev, a track_interface, its sync group's) that
     * does not exist. Asked before a running instance is replaced by this one; a VMAC is created at
     * start, so only its parent must exist.
     */
    String kernelRefusal(org.keepalivedj.api.model.SyncGroup group) {
        if (!engine.events().linkExists(model.interfaceName())) {
            return model.origin() + ": interface " + model.interfaceName() + " does not exist";
        }
        List<org.keepalivedj.api.model.VirtualAddress> lines = new ArrayList<>(model.virtualAddresses());
        lines.addAll(model.excludedAddresses());
        for (var line : lines) {
            String dev = line.device();
            if (dev != null && !dev.equals(vmacName) && !engine.events().linkExists(dev)) {
                return line.origin() + ": address " + line.address() + " dev " + dev + ": no such device";
            }
        }
        for (var line : model.virtualRoutes()) {
            String dev = line.device();
            if (dev != null && !dev.equals(vmacName) && !engine.events().linkExists(dev)) {
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
                if (!engine.events().linkExists(ref.name())) {
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

    /** The source address track_src_ip watches, or null. */
    private InetAddress trackedSource() {
        return options.trackSourceAddress() ? model.sourceAddress() : null;
    }

    /** The host's addresses changed: track_src_ip follows its source address. Timer thread. */
    void localAddressesChanged() {
        if (options.trackSourceAddress()) {
            tracker.update(sourceKey(), engine.events().isLocalAddress(model.sourceAddress()));
        }
    }

    /** Opens what the instance needs (VMAC, socket) and starts the state machine. Timer thread. */
    void start() {
        start(false);
    }

    private void start(boolean asSuccessor) {
        started = true;
        engine.addressIndex().add(this, effects.trackedAddresses(), trackedSource());
        tracker.track(socketKey(), 0, false, true);
        if (!attach(false)) {
            tracker.update(socketKey(), false);
            engine.addressIndex().waiting(this, true);
        }
        if (noAccept()) {
            engine.acceptFilter()
                    .block(
                            model.name(),
                            effects.addresses().stream()
                                    .map(ManagedAddress::address)
                                    .toList());
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
            createAddressVmacs();
            socket = engine.sockets().acquire(advertInterface, ipv6, ah != null);
            socket.register(model.virtualRouterId(), receiver);
            if (!model.unicast()) {
                socket.joinGroup(destinations.get(0));
            }
            source = model.sourceAddress() != null
                    ? model.sourceAddress()
                    : ipvlan() != null ? ipvlanSource() : engine.events().primaryAddress(model.interfaceName(), ipv6);
            machine.ownAddress(source);
            if (Boolean.TRUE.equals(flag(model.settings(), "promote_secondaries"))) {
                engine.promoteSecondaries().acquire(model.interfaceName(), promoted);
                promoted = true;
            }
            effects.openGarpSockets();
            if (ah == null) {
                // the warm-up's packet has no IPv4 header of its own, which an AH socket would need
                warmUp();
            }
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
            engine.sockets().release(socket, model.virtualRouterId(), receiver);
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
            engine.addressIndex().waiting(this, true);
        }
    }

    /** Tries again to open the socket this instance lacks (its interface or address may be back). Timer thread. */
    void reattach() {
        if (started
                && socket == null
                && !retired
                && engine.events().linkExists(model.interfaceName())
                && attach(true)) {
            LOG.info("({}) interface {} is usable again", model.name(), advertInterface);
            engine.addressIndex().waiting(this, false);
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
            WarmUp.once(ipv6, socket, a, source, destinations.get(0), checksumMode, effects.addresses());
        } catch (RuntimeException e) {
            LOG.debug("({}) warm-up failed: {}", model.name(), e.getMessage());
        }
    }

    private VrrpAdvert advert(int priority) {
        int field = machine.settings.advertField();
        return model.version() == 2
                ? ah != null
                        ? VrrpAdvert.v2Ah(model.virtualRouterId(), priority, field, effects.advertAddresses())
                        : VrrpAdvert.v2(model.virtualRouterId(), priority, field, password, effects.advertAddresses())
                : VrrpAdvert.v3(model.virtualRouterId(), priority, field, effects.advertAddresses());
    }

    private Ipvlan ipvlan() {
        return model.vmac() != null ? model.vmac().ipvlan() : null;
    }

    /** use_ipvlan's address, else (IPv6 only) the ipvlan's link-local address. */
    private InetAddress ipvlanSource() {
        return ipvlan().address() != null ? ipvlan().address() : engine.events().primaryAddress(vmacName, true);
    }

    /** The instance's ipvlan (use_ipvlan), up, with its address; kept when it already exists. */
    private void createIpvlan() {
        Ipvlan ipvlan = ipvlan();
        if (engine.rtnl().findLink(vmacName).isEmpty()) {
            int flags = switch (ipvlan.mode()) {
                case "private" -> RtNetlink.IPVLAN_PRIVATE;
                case "vepa" -> RtNetlink.IPVLAN_VEPA;
                default -> RtNetlink.IPVLAN_BRIDGE;
            };
            engine.rtnl().addIpvlan(vmacName, model.interfaceName(), flags);
            engine.createdLink(vmacName);
        }
        engine.rtnl().setUp(vmacName, true);
        if (ipvlan.address() != null
                && engine.rtnl().addresses().stream().noneMatch(a -> a.address().equals(ipvlan.address()))) {
            engine.rtnl().addAddress(ManagedAddress.of(vmacName, ipvlan.address(), ipvlan.prefixLength()));
        }
    }

    private void createVmac() {
        if (ipvlan() != null) {
            createIpvlan();
            return;
        }
        byte[] mac = vmacAddress(model, ipv6);
        if (engine.rtnl().findLink(vmacName).isEmpty()) {
            engine.rtnl().addMacvlan(vmacName, model.interfaceName(), mac, RtNetlink.MACVLAN_PRIVATE);
            engine.createdLink(vmacName);
        }
        engine.rtnl().setUp(vmacName, true);
        if (ipv6) {
            copyLinkLocal(model.interfaceName(), vmacName);
        }
    }

    /** An IPv6 VMAC has no link-local of its own (addrgenmode none): it gets its parent's, as with keepalived. */
    private void copyLinkLocal(String parent, String vmac) {
        if (!engine.rtnl().copyLinkLocal(parent, vmac)) {
            LOG.warn("({}) {} has no IPv6 link-local address to give {}", model.name(), parent, vmac);
        }
    }

    /** The VMACs of addresses (use_vmac on an address line, use_vmac_addr), up; kept when they exist. */
    private void createAddressVmacs() {
        for (AddressVmacs.AddressVmac v : effects.addressVmacs()) {
            if (engine.rtnl().findLink(v.name()).isEmpty()) {
                engine.rtnl().addMacvlan(v.name(), v.parent(), v.mac(), RtNetlink.MACVLAN_PRIVATE);
                engine.createdLink(v.name());
                LOG.info("({}) created VMAC {} on {} for its addresses", model.name(), v.name(), v.parent());
            }
            engine.rtnl().setUp(v.name(), true);
            if (v.ipv6()) {
                copyLinkLocal(v.parent(), v.name());
            }
        }
    }

    // ---- effects ----

    @Override
    public void sendAdvert(VrrpStateMachine instance, int priority) {
        if (socket == null || source == null) {
            machine.counters.sendErrors.incrementAndGet();
            return;
        }
        byte[][] packets;
        try {
            packets = packets(priority);
        } catch (RuntimeException e) {
            machine.counters.sendErrors.addAndGet(destinations.size());
            LOG.warn("({}) cannot encode advert: {}", model.name(), e.getMessage());
            return;
        }
        for (int i = 0; i < packets.length; i++) {
            InetAddress destination = destinations.get(i);
            try {
                if (ah != null) {
                    // the AH ICV covers the IPv4 header, so we write it (TTL 255 unless unicast_ttl)
                    int ttl = options.unicastTtl() < 0 ? 255 : options.unicastTtl();
                    socket.sendDatagram(ah.sign(packets[i], source, destination, ttl), destination);
                } else {
                    socket.send(packets[i], destination, source, options.unicastTtl());
                }
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

    /** The adverts to send, one per destination: the last ones unless what they carry changed; signed anew with auth_hmac. */
    private byte[][] packets(int priority) {
        int field = machine.settings.advertField();
        if (hmac == null
                && encoded != null
                && priority == encodedPriority
                && field == encodedField
                && source.equals(encodedSource)) {
            return encoded;
        }
        VrrpAdvert a = advert(priority);
        long sequence = hmac == null ? -1 : hmac.nextSequence();
        byte[][] packets = new byte[destinations.size()][];
        for (int i = 0; i < packets.length; i++) {
            byte[] packet = VrrpCodec.encode(a, source, destinations.get(i), checksumMode);
            packets[i] = sequence == -1 ? packet : hmac.sign(packet, source, sequence);
        }
        encoded = packets;
        encodedPriority = priority;
        encodedField = field;
        encodedSource = source;
        return packets;
    }

    @Override
    public void takeAddresses(VrrpStateMachine instance) {
        effects.take();
    }

    @Override
    public void releaseAddresses(VrrpStateMachine instance) {
        effects.release();
    }

    @Override
    public void stateChanged(VrrpStateMachine instance, InstanceState from, InstanceState to) {
        view.transitioned();
        NotifyScripts scripts = model.notifyScripts() != null ? model.notifyScripts() : NotifyScripts.NONE;
        if (deleted && to == InstanceState.STOP) {
            engine.notifier().deleted(model.name(), scripts, scripts.deleted() != null, machine.effectivePriority());
        } else if (to != InstanceState.INIT) {
            engine.notifier().notify("INSTANCE", model.name(), scripts, to, machine.effectivePriority());
        }
        engine.memberStateChanged(machine);
        engine.fireStateChanged(view, from, to);
    }

    @Override
    public void lowerPriorityMasterSeen(VrrpStateMachine instance) {
        if (options.rxLowerPriScript() != null) {
            engine.notifier().script(options.rxLowerPriScript());
        }
        effects.lowerPriorityMasterSeen();
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
        effects.handOverTo(next.effects);
        machine.retire();
        retire();
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
        return machine.state() == InstanceState.MASTER
                && effects.trackedAddresses().contains(address);
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
        retire();
        effects.stopGarp();
        engine.acceptFilter().unblock(model.name());
        releaseSocket();
        unpromote();
    }

    /** No longer runs: events pass it by, and the drops held back are logged. */
    private void retire() {
        retired = true;
        engine.addressIndex().remove(this);
        receiver.close();
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

    /** The links this instance makes or uses for itself: its VMAC (or ipvlan) and its address VMACs. */
    Set<String> ownLinks() {
        Set<String> links = new HashSet<>();
        if (vmacName != null) {
            links.add(vmacName);
        }
        effects.addressVmacs().forEach(v -> links.add(v.name()));
        return links;
    }

    String name() {
        return model.name();
    }

    InstanceState state() {
        return machine.state();
    }

    /** Whether it has its socket (adverts are taken only then). */
    boolean attached() {
        return socket != null;
    }

    /** The address its adverts go out from, null until attached. */
    InetAddress source() {
        return source;
    }

    long ownPacketCount() {
        SharedSocket s = socket;
        return s == null ? 0L : s.ownPacketCount();
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
    public String toString() {
        return machine.toString();
    }
}
