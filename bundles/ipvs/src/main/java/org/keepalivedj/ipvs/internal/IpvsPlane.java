package org.keepalivedj.ipvs.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.lvs.ServiceStatistics.Counters;
import org.keepalivedj.api.model.LvsGlobals;
import org.keepalivedj.ipvs.ConnectionTimeouts;
import org.keepalivedj.ipvs.IpvsForwardingPlane;
import org.keepalivedj.ipvs.SyncDaemonSettings;
import org.keepalivedj.netlink.Errno;
import org.keepalivedj.netlink.ErrnoException;
import org.keepalivedj.netlink.GenericNetlink;
import org.keepalivedj.netlink.GenlFamily;
import org.keepalivedj.netlink.NetlinkMessage;
import org.keepalivedj.netlink.NetlinkMessageBuilder;
import org.keepalivedj.netlink.NetlinkSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPVS over generic netlink. It keeps a picture of what the kernel holds (read back on first use
 * and after any refused call), so a change costs only the calls that differ; the calls go out
 * pipelined. Services it made or took over are "ours"; it never deletes others'.
 */
public final class IpvsPlane implements IpvsForwardingPlane {
    /** The sync daemons this plane started and with what, to tell a changed setting from a running one. */
    private final Map<SyncDaemonSettings.State, SyncDaemonSettings> syncDaemonsStarted =
            new EnumMap<>(SyncDaemonSettings.State.class);

    private static final Logger LOG = LoggerFactory.getLogger(IpvsPlane.class);
    private static final int FAILURES_SHOWN = 5;

    private final GenericNetlink genl;
    private final IpvsMessages messages;
    private final String unavailableReason;
    private final AtomicLong malformedAnswers = new AtomicLong();
    private Map<ServiceKey, ServiceState> kernel;
    private final Set<ServiceKey> ours = new LinkedHashSet<>();
    private int lastChangeCount;

    private IpvsPlane(GenericNetlink genl, GenlFamily family, String unavailableReason) {
        this.genl = genl;
        this.messages = family == null ? null : new IpvsMessages(family.id());
        this.unavailableReason = unavailableReason;
    }

    public static IpvsPlane open() {
        GenericNetlink genl;
        try {
            genl = GenericNetlink.open();
        } catch (RuntimeException e) {
            return new IpvsPlane(null, null, "cannot open a generic netlink socket: " + e.getMessage());
        }
        try {
            return new IpvsPlane(genl, genl.family(Ipvs.FAMILY), null);
        } catch (ErrnoException e) {
            String reason = e.errno() == Errno.ENOENT
                    ? "this kernel has no IPVS (generic netlink family IPVS not found; " + "modprobe ip_vs?)"
                    : "IPVS family lookup failed: " + e.getMessage();
            return new IpvsPlane(genl, null, reason);
        }
    }

    @Override
    public String name() {
        return "ipvs";
    }

    @Override
    public boolean available() {
        return unavailableReason == null;
    }

    /** Why the plane cannot work here, or null. */
    public String unavailableReason() {
        return unavailableReason;
    }

    public long malformedAnswers() {
        return malformedAnswers.get();
    }

    @Override
    public synchronized void apply(Collection<ServiceSpec> services) throws ForwardingPlaneException {
        requireAvailable();
        Map<ServiceKey, ServiceState> wanted = wanted(services);
        Map<ServiceKey, ServiceState> current = kernelState();
        List<Change> changes = Diff.between(current, wanted, ours);
        Set<ServiceKey> previouslyOurs = new LinkedHashSet<>(ours);
        ours.addAll(wanted.keySet());
        execute(changes, "apply");
        for (ServiceKey key : previouslyOurs) {
            if (!wanted.containsKey(key)) {
                current.remove(key);
                ours.remove(key);
            }
        }
        current.putAll(wanted);
    }

    @Override
    public synchronized void clear() throws ForwardingPlaneException {
        requireAvailable();
        Map<ServiceKey, ServiceState> current = kernelState();
        List<Change> changes = new ArrayList<>();
        for (ServiceKey key : ours) {
            if (current.containsKey(key)) {
                changes.add(new Change.DeleteService(key));
            }
        }
        execute(changes, "clear");
        ours.forEach(current::remove);
        ours.clear();
    }

    @Override
    public synchronized void flush() throws ForwardingPlaneException {
        requireAvailable();
        call(messages.flush());
        ours.clear();
        kernel = new LinkedHashMap<>();
        lastChangeCount = 1;
    }

    @Override
    public synchronized void reconcile() {
        kernel = null;
    }

    @Override
    public synchronized int lastChangeCount() {
        return lastChangeCount;
    }

    @Override
    public synchronized List<ServiceStatistics> statistics() throws ForwardingPlaneException {
        requireAvailable();
        List<ServiceStatistics> out = new ArrayList<>();
        for (IpvsMessages.DecodedService s : kernelServices()) {
            ServiceKey key = s.service().key();
            if (!ours.contains(key)) {
                continue;
            }
            Map<String, Counters> perDestination = new LinkedHashMap<>();
            for (IpvsMessages.DecodedDestination d : kernelDestinations(key)) {
                perDestination.put(d.destination().endpoint().toString(), d.counters());
            }
            out.add(new ServiceStatistics(key, s.counters(), perDestination));
        }
        return out;
    }

    @Override
    public synchronized void setTimeouts(ConnectionTimeouts timeouts) throws ForwardingPlaneException {
        requireAvailable();
        call(messages.setTimeouts(timeouts));
    }

    @Override
    public synchronized ConnectionTimeouts timeouts() throws ForwardingPlaneException {
        requireAvailable();
        for (NetlinkMessage m : call(messages.getConfig())) {
            return IpvsMessages.decodeTimeouts(m);
        }
        throw new ForwardingPlaneException("IPVS get timeouts: the kernel sent no answer");
    }

    @Override
    public synchronized void startSyncDaemon(SyncDaemonSettings settings) throws ForwardingPlaneException {
        requireAvailable();
        call(messages.startSyncDaemon(settings));
    }

    @Override
    public synchronized void stopSyncDaemon(SyncDaemonSettings.State state) throws ForwardingPlaneException {
        requireAvailable();
        call(messages.stopSyncDaemon(state));
    }

    @Override
    public synchronized Map<SyncDaemonSettings.State, String> syncDaemons() throws ForwardingPlaneException {
        requireAvailable();
        Map<SyncDaemonSettings.State, String> out = new EnumMap<>(SyncDaemonSettings.State.class);
        for (NetlinkMessage m : dump(messages.dumpSyncDaemons())) {
            Map.Entry<SyncDaemonSettings.State, String> e = IpvsMessages.decodeSyncDaemon(m);
            if (e != null) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    @Override
    public void flushAll() throws ForwardingPlaneException {
        flush();
    }

    @Override
    public void applyTimeouts(LvsGlobals.Timeouts t) throws ForwardingPlaneException {
        setTimeouts(new ConnectionTimeouts(t.tcp(), t.tcpFin(), t.udp()));
    }

    /** Starts and stops only what differs; changed settings restart a running daemon. */
    @Override
    public synchronized void applySyncDaemons(LvsGlobals.SyncDaemon daemon, int syncId, Set<LvsGlobals.SyncRole> roles)
            throws ForwardingPlaneException {
        Map<SyncDaemonSettings.State, String> running = syncDaemons();
        for (SyncDaemonSettings.State state : SyncDaemonSettings.State.values()) {
            boolean wanted = roles.contains(LvsGlobals.SyncRole.valueOf(state.name()));
            SyncDaemonSettings settings = wanted
                    ? new SyncDaemonSettings(
                            state,
                            daemon.interfaceName(),
                            syncId,
                            daemon.maxLength(),
                            daemon.port(),
                            daemon.ttl(),
                            daemon.group())
                    : null;
            boolean same = settings != null && settings.equals(syncDaemonsStarted.get(state));
            if (running.containsKey(state) && !same) {
                stopSyncDaemon(state);
                syncDaemonsStarted.remove(state);
            }
            if (settings != null && !(running.containsKey(state) && same)) {
                startSyncDaemon(settings);
                syncDaemonsStarted.put(state, settings);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (genl != null) {
            genl.close();
        }
    }

    private void requireAvailable() throws ForwardingPlaneException {
        if (unavailableReason != null) {
            throw new ForwardingPlaneException("IPVS plane unavailable: " + unavailableReason);
        }
    }

    private static Map<ServiceKey, ServiceState> wanted(Collection<ServiceSpec> services)
            throws ForwardingPlaneException {
        Map<ServiceKey, ServiceState> wanted = new LinkedHashMap<>();
        for (ServiceSpec spec : services) {
            KernelService service = SpecMapping.service(spec);
            Map<KernelDestination.Endpoint, KernelDestination> destinations = new LinkedHashMap<>();
            for (Destination d : spec.destinations()) {
                KernelDestination kd = SpecMapping.destination(spec.key(), d);
                if (destinations.put(kd.endpoint(), kd) != null) {
                    throw new ForwardingPlaneException(spec.key() + ": real server " + d + " is listed twice");
                }
            }
            if (wanted.put(service.key(), new ServiceState(service, destinations)) != null) {
                throw new ForwardingPlaneException(spec.key() + ": virtual service is listed twice");
            }
        }
        return wanted;
    }

    private Map<ServiceKey, ServiceState> kernelState() throws ForwardingPlaneException {
        if (kernel == null) {
            kernel = readBack();
        }
        return kernel;
    }

    private Map<ServiceKey, ServiceState> readBack() throws ForwardingPlaneException {
        Map<ServiceKey, ServiceState> state = new LinkedHashMap<>();
        for (IpvsMessages.DecodedService s : kernelServices()) {
            ServiceKey key = s.service().key();
            Map<KernelDestination.Endpoint, KernelDestination> destinations = new HashMap<>();
            for (IpvsMessages.DecodedDestination d : kernelDestinations(key)) {
                destinations.put(d.destination().endpoint(), d.destination());
            }
            state.put(key, new ServiceState(s.service(), destinations));
        }
        return state;
    }

    /** The kernel's services; an answer that does not decode is counted and left out. */
    private List<IpvsMessages.DecodedService> kernelServices() throws ForwardingPlaneException {
        List<IpvsMessages.DecodedService> out = new ArrayList<>();
        for (NetlinkMessage m : dump(messages.dumpServices())) {
            IpvsMessages.DecodedService s = IpvsMessages.decodeService(m);
            if (s == null) {
                malformedAnswers.incrementAndGet();
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** The destinations of one of the kernel's services; an answer that does not decode is counted and left out. */
    private List<IpvsMessages.DecodedDestination> kernelDestinations(ServiceKey key) throws ForwardingPlaneException {
        List<IpvsMessages.DecodedDestination> out = new ArrayList<>();
        for (NetlinkMessage m : dump(messages.dumpDestinations(key))) {
            IpvsMessages.DecodedDestination d = IpvsMessages.decodeDestination(m, key.family());
            if (d == null) {
                malformedAnswers.incrementAndGet();
            } else {
                out.add(d);
            }
        }
        return out;
    }

    private void execute(List<Change> changes, String what) throws ForwardingPlaneException {
        lastChangeCount = changes.size();
        if (changes.isEmpty()) {
            return;
        }
        List<NetlinkMessageBuilder> requests = new ArrayList<>(changes.size());
        for (Change c : changes) {
            requests.add(encode(c));
        }
        List<PipelinedRequests.Failure> failures;
        try {
            failures = PipelinedRequests.run(socket(), requests);
        } catch (RuntimeException e) {
            kernel = null;
            throw new ForwardingPlaneException("IPVS " + what + ": " + e.getMessage(), e);
        }
        if (!failures.isEmpty()) {
            // What the kernel now holds is uncertain: read it back before the next change.
            kernel = null;
            String shown = failures.stream()
                    .limit(FAILURES_SHOWN)
                    .map(Object::toString)
                    .collect(Collectors.joining("; "));
            throw new ForwardingPlaneException("IPVS " + what + ": the kernel refused " + failures.size() + " of "
                    + changes.size() + " calls: " + shown + (failures.size() > FAILURES_SHOWN ? "; ..." : ""));
        }
        LOG.debug("IPVS {}: {} kernel calls", what, changes.size());
    }

    private NetlinkMessageBuilder encode(Change c) {
        if (c instanceof Change.AddService a) {
            return messages.newService(a.service());
        } else if (c instanceof Change.ChangeService s) {
            return messages.setService(s.service());
        } else if (c instanceof Change.DeleteService d) {
            return messages.deleteService(d.key());
        } else if (c instanceof Change.AddDestination a) {
            return messages.newDestination(a.key(), a.destination());
        } else if (c instanceof Change.ChangeDestination s) {
            return messages.setDestination(s.key(), s.destination());
        } else if (c instanceof Change.DeleteDestination d) {
            return messages.deleteDestination(d.key(), d.endpoint());
        }
        throw new IllegalArgumentException("unknown change " + c);
    }

    private List<NetlinkMessage> call(NetlinkMessageBuilder request) throws ForwardingPlaneException {
        try {
            return socket().request(request);
        } catch (RuntimeException e) {
            throw new ForwardingPlaneException(e.getMessage(), e);
        }
    }

    private List<NetlinkMessage> dump(NetlinkMessageBuilder request) throws ForwardingPlaneException {
        try {
            return socket().dump(request);
        } catch (RuntimeException e) {
            kernel = null;
            throw new ForwardingPlaneException(e.getMessage(), e);
        }
    }

    private NetlinkSocket socket() {
        return genl.socket();
    }
}
