package org.keepalivedj.nft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.keepalivedj.api.json.JsonWriter;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.nft.internal.Json;
import org.keepalivedj.nft.internal.NftContext;
import org.keepalivedj.nft.internal.NftRules;
import org.keepalivedj.nft.internal.SchedulerPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual services as one nftables table of ours, {@code inet keepalivedj} (layout in
 * {@link NftRules}), programmed through libnftables' JSON input. Every {@link #apply} is one
 * transaction that changes only what differs: a weight change rewrites just that service's chain.
 * The first apply after start replaces whatever table a previous run left, in the same transaction.
 *
 * <p>NAT only (DR and TUN need IPVS). No source NAT: as with LVS-NAT, real servers must route their
 * replies back through this host; clients on this host are served too (output hook). With {@code
 * ops} a UDP service's datagrams bypass conntrack and are rewritten one by one, replies included,
 * which works only when a real server's address and port belong to that one service.
 */
public final class NftForwardingPlane implements ForwardingPlane {

    private static final Logger LOG = LoggerFactory.getLogger(NftForwardingPlane.class);

    private final String namespace;
    private NftContext context;
    private final Map<ServiceKey, InstalledService> installed = new LinkedHashMap<>();
    private final Set<String> warned = new HashSet<>();
    private boolean tableKnown;
    private int nextServiceId = 1;

    /** A plane for this network namespace. */
    public NftForwardingPlane() {
        this(null);
    }

    /** A plane for a named network namespace ({@code ip netns}); null means this one. */
    public NftForwardingPlane(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public String name() {
        return "nft";
    }

    /** True when libnftables loads and the kernel answers an nf_tables listing. */
    @Override
    public boolean available() {
        try {
            NftContext.Result result = context()
                    .run(JsonWriter.write(NftRules.batch(List.of(Json.obj("list", Json.obj("tables", null))))));
            if (!result.ok()) {
                LOG.debug("nftables not usable: {}", result.error());
            }
            return result.ok();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("nftables not usable", e);
            return false;
        }
    }

    @Override
    public synchronized void apply(Collection<ServiceSpec> services) throws ForwardingPlaneException {
        Map<ServiceKey, ServiceSpec> wanted = new LinkedHashMap<>();
        for (ServiceSpec spec : services) {
            validate(spec);
            if (wanted.put(spec.key(), spec) != null) {
                throw new ForwardingPlaneException("service " + spec.key() + " is listed twice");
            }
        }
        checkOpsReplies(wanted.values());
        List<Object> commands = new ArrayList<>();
        Map<ServiceKey, InstalledService> next = new LinkedHashMap<>();
        int idBefore = nextServiceId;
        if (!tableKnown) {
            // Whatever an earlier run left goes, in the same transaction that builds ours.
            commands.add(NftRules.addTable());
            commands.add(NftRules.deleteTable());
            commands.add(NftRules.addTable());
            commands.addAll(NftRules.skeleton());
            for (ServiceSpec spec : wanted.values()) {
                next.put(spec.key(), create(spec, commands));
            }
        } else {
            for (InstalledService old : installed.values()) {
                if (!wanted.containsKey(old.spec.key())) {
                    remove(old, commands);
                }
            }
            for (ServiceSpec spec : wanted.values()) {
                InstalledService old = installed.get(spec.key());
                if (old == null) {
                    next.put(spec.key(), create(spec, commands));
                } else if (!old.sameShape(spec)) {
                    remove(old, commands);
                    next.put(spec.key(), create(spec, commands));
                } else {
                    next.put(spec.key(), update(old, spec, commands));
                }
            }
        }
        if (commands.isEmpty()) {
            return;
        }
        NftContext.Result result;
        try {
            result = context().run(JsonWriter.write(NftRules.batch(NftRules.mergeElementCommands(commands))));
        } catch (RuntimeException | LinkageError e) {
            nextServiceId = idBefore;
            throw new ForwardingPlaneException(
                    "nftables: cannot program table " + NftRules.TABLE + ": " + e.getMessage(), e);
        }
        if (!result.ok()) {
            nextServiceId = idBefore;
            throw new ForwardingPlaneException(
                    "nftables refused the change of " + describe(installed, next) + ": " + result.error());
        }
        tableKnown = true;
        installed.clear();
        installed.putAll(next);
        LOG.debug(
                "nftables: {} service(s) in table {} after a transaction of {} command(s)",
                installed.size(),
                NftRules.TABLE,
                commands.size());
    }

    @Override
    public synchronized void clear() throws ForwardingPlaneException {
        run("delete table " + NftRules.TABLE, List.of(NftRules.addTable(), NftRules.deleteTable()));
        installed.clear();
        tableKnown = false;
        nextServiceId = 1;
    }

    /**
     * Connections counted per destination: each counter sits in a NAT chain, which only the first
     * packet of a connection passes, so its packet count is the number of connections scheduled.
     * Packets and bytes of established traffic are not counted by this plane (0), nor rates. With
     * one-packet scheduling (ops) every datagram is scheduled, so each counts as a connection, as in IPVS.
     */
    @Override
    public synchronized List<ServiceStatistics> statistics() throws ForwardingPlaneException {
        if (installed.isEmpty()) {
            return List.of();
        }
        NftContext.Result result = run(
                "list the counters of table " + NftRules.TABLE,
                List.of(Json.obj(
                        "list", Json.obj("counters", Json.obj("family", NftRules.FAMILY, "table", NftRules.TABLE)))));
        Map<String, Long> connections = new HashMap<>();
        Object parsed;
        try {
            parsed = Json.parse(result.output());
        } catch (IllegalArgumentException e) {
            throw new ForwardingPlaneException("nftables: unreadable counter listing: " + e.getMessage(), e);
        }
        if (parsed instanceof Map<?, ?> root && root.get("nftables") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> m
                        && m.get("counter") instanceof Map<?, ?> counter
                        && counter.get("packets") instanceof Number packets) {
                    connections.put(String.valueOf(counter.get("name")), packets.longValue());
                }
            }
        }
        List<ServiceStatistics> all = new ArrayList<>();
        for (InstalledService service : installed.values()) {
            Map<String, ServiceStatistics.Counters> perDestination = new LinkedHashMap<>();
            long total = 0;
            for (InstalledDestination d : service.destinations.values()) {
                long n = connections.getOrDefault(d.name, 0L);
                total += n;
                perDestination.put(d.destination.toString(), counters(n));
            }
            all.add(new ServiceStatistics(service.spec.key(), counters(total), perDestination));
        }
        return all;
    }

    private static ServiceStatistics.Counters counters(long connections) {
        return new ServiceStatistics.Counters(connections, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Runs one batch; a failure, or libnftables missing, becomes an exception saying what we tried. */
    private NftContext.Result run(String what, List<Object> commands) throws ForwardingPlaneException {
        NftContext.Result result;
        try {
            result = context().run(JsonWriter.write(NftRules.batch(commands)));
        } catch (RuntimeException | LinkageError e) {
            throw new ForwardingPlaneException("nftables: cannot " + what + ": " + e.getMessage(), e);
        }
        if (!result.ok()) {
            throw new ForwardingPlaneException("nftables: cannot " + what + ": " + result.error());
        }
        return result;
    }

    private NftContext context() {
        if (context == null) {
            context = NftContext.open(namespace);
        }
        return context;
    }

    // ---- checks

    private void validate(ServiceSpec spec) throws ForwardingPlaneException {
        ServiceKey key = spec.key();
        if (!SchedulerPlan.known(spec.scheduler())) {
            throw new ForwardingPlaneException("service " + key + ": unknown scheduler " + spec.scheduler());
        }
        String scheduler = spec.scheduler().toLowerCase(Locale.ROOT);
        if (SchedulerPlan.APPROXIMATED.contains(scheduler) && warned.add("sched:" + scheduler)) {
            LOG.warn(
                    "nftables has no {} scheduler: services using it spread new connections by weight at random",
                    scheduler);
        }
        if (spec.persistenceTimeout() != null && spec.persistenceTimeout().toSeconds() < 1) {
            throw new ForwardingPlaneException(
                    "service " + key + ": persistence timeout must be at least 1 s, not " + spec.persistenceTimeout());
        }
        try {
            NftRules.persistenceKey(key.family(), spec.persistenceNetmask());
        } catch (IllegalArgumentException e) {
            throw new ForwardingPlaneException("service " + key + ": " + e.getMessage(), e);
        }
        Set<String> seen = new HashSet<>();
        for (Destination d : spec.destinations()) {
            if (d.method().kind() != ForwardingMethod.Kind.NAT) {
                throw new ForwardingPlaneException("service " + key + ", real server " + d + ": forwarding method "
                        + d.method().kind() + " needs IPVS; the nftables data plane forwards by NAT only");
            }
            if (Family.of(d.address()) != key.family()) {
                throw new ForwardingPlaneException("service " + key + ", real server " + d + ": address family differs "
                        + "from the service's (" + key.family().keyword() + ")");
            }
            if (!seen.add(identity(d))) {
                throw new ForwardingPlaneException("service " + key + ": real server " + d + " is listed twice");
            }
            if ((d.upperThreshold() != 0 || d.lowerThreshold() != 0) && warned.add("threshold")) {
                LOG.warn("nftables data plane: connection thresholds (uthreshold/lthreshold) are not enforced");
            }
        }
        if (spec.schedulerFlags().stream().anyMatch("ops"::equalsIgnoreCase)
                && (key.isFwmark() || key.protocol() == Protocol.UDP && key.port() == 0)) {
            throw new ForwardingPlaneException(
                    "service " + key + ": the nftables data plane schedules datagrams one at a"
                            + " time (ops) only for a UDP service with an address and a port: it could not give the replies"
                            + " of " + (key.isFwmark() ? "a firewall-mark" : "an all-ports")
                            + " service their virtual address back");
        }
        long withoutPort = spec.destinations().stream()
                .filter(d -> target(key, d).port() == 0)
                .count();
        if (withoutPort != 0 && withoutPort != spec.destinations().size()) {
            throw new ForwardingPlaneException(
                    "service " + key + ": the nftables data plane needs all real servers of a "
                            + "fwmark or all-ports service to have a port, or none to have one");
        }
    }

    /**
     * One-packet scheduling keeps no state: a reply is recognised by its real server's address and
     * port alone. Those must then belong to that one ops service, and to no other UDP or firewall-mark
     * service (whose replies the ops rules would take).
     */
    private static void checkOpsReplies(Collection<ServiceSpec> services) throws ForwardingPlaneException {
        Map<String, ServiceKey> replies = new HashMap<>();
        for (ServiceSpec spec : services) {
            if (onePacket(spec)) {
                for (Destination d : spec.destinations()) {
                    ServiceKey other = replies.put(endpoint(target(spec.key(), d)), spec.key());
                    if (other != null) {
                        throw opsAmbiguity(spec.key(), d, other);
                    }
                }
            }
        }
        for (ServiceSpec spec : services) {
            if (onePacket(spec) || !(spec.key().isFwmark() || spec.key().protocol() == Protocol.UDP)) {
                continue;
            }
            for (Destination d : spec.destinations()) {
                NftRules.Target t = target(spec.key(), d);
                for (Map.Entry<String, ServiceKey> reply : replies.entrySet()) {
                    String address = IpAddresses.format(t.address()) + "|";
                    if (reply.getKey().equals(endpoint(t))
                            || t.port() == 0 && reply.getKey().startsWith(address)) {
                        throw opsAmbiguity(reply.getValue(), d, spec.key());
                    }
                }
            }
        }
    }

    private static ForwardingPlaneException opsAmbiguity(ServiceKey ops, Destination d, ServiceKey other) {
        return new ForwardingPlaneException("service " + ops + " (ops), real server " + d + ": the nftables data plane"
                + " tells the replies of one-packet scheduling apart by real server address and port only, and "
                + other + " uses the same real server");
    }

    /** ops: each UDP datagram scheduled on its own (IPVS applies the flag to UDP only). */
    private static boolean onePacket(ServiceSpec spec) {
        return !spec.key().isFwmark()
                && spec.key().protocol() == Protocol.UDP
                && spec.schedulerFlags().stream().anyMatch("ops"::equalsIgnoreCase);
    }

    private static String endpoint(NftRules.Target t) {
        return IpAddresses.format(t.address()) + "|" + t.port();
    }

    // ---- building the transaction

    private InstalledService create(ServiceSpec spec, List<Object> commands) {
        InstalledService service = new InstalledService("vs" + nextServiceId++, spec);
        // The post (or, for ops, back) chain first: ops reply elements of the destinations point at it.
        commands.add(NftRules.addChain(service.postChain()));
        if (service.ops) {
            commands.add(NftRules.opsReplyRule(service.postChain(), spec.key()));
        }
        for (Destination d : spec.destinations()) {
            service.destinations.put(identity(d), addDestination(service, d, commands));
        }
        commands.add(NftRules.addChain(service.chain));
        writeServiceChain(service, commands);
        if (service.ops) {
            commands.add(NftRules.addOpsDispatch(spec.key(), service.chain));
        } else {
            writePostChain(service, commands);
            commands.add(NftRules.addDispatch(spec.key(), service.chain, false));
            commands.add(NftRules.addDispatch(spec.key(), service.postChain(), true));
        }
        return service;
    }

    /**
     * Same shape: add new destinations' objects, rewrite the service chain if a weight or the set
     * of destinations changed and the post chain only if the set changed, then drop old objects.
     */
    private InstalledService update(InstalledService old, ServiceSpec spec, List<Object> commands) {
        if (old.spec.equals(spec)) {
            return old;
        }
        InstalledService service = old.copy(spec);
        Map<String, InstalledDestination> kept = new LinkedHashMap<>();
        for (Destination d : spec.destinations()) {
            InstalledDestination existing = old.destinations.get(identity(d));
            kept.put(
                    identity(d), existing != null ? existing.withDestination(d) : addDestination(service, d, commands));
        }
        service.destinations.clear();
        service.destinations.putAll(kept);
        if (!old.schedulingInput().equals(service.schedulingInput())) {
            commands.add(NftRules.flushChain(service.chain));
            writeServiceChain(service, commands);
        }
        if (!service.ops && !old.destinations.keySet().equals(service.destinations.keySet())) {
            commands.add(NftRules.flushChain(service.postChain()));
            writePostChain(service, commands);
        }
        for (Map.Entry<String, InstalledDestination> e : old.destinations.entrySet()) {
            if (!kept.containsKey(e.getKey())) {
                removeDestination(e.getValue(), commands);
            }
        }
        return service;
    }

    /** Nothing may point at what goes: dispatch first, then rules, then the objects they used. */
    private void remove(InstalledService service, List<Object> commands) {
        if (service.ops) {
            commands.add(NftRules.deleteOpsDispatch(service.spec.key()));
        } else {
            commands.add(NftRules.deleteDispatch(service.spec.key(), false));
            commands.add(NftRules.deleteDispatch(service.spec.key(), true));
        }
        List<String> chains = List.of(service.chain, service.postChain());
        for (String chain : chains) {
            commands.add(NftRules.flushChain(chain));
        }
        for (InstalledDestination d : service.destinations.values()) {
            removeDestination(d, commands);
        }
        for (String chain : chains) {
            commands.add(NftRules.deleteChain(chain));
        }
    }

    private InstalledDestination addDestination(InstalledService service, Destination d, List<Object> commands) {
        String name = service.chain + "-rs" + service.nextDestinationId++;
        ServiceSpec spec = service.spec;
        String set = null;
        if (spec.persistenceTimeout() != null) {
            set = name + "-p";
            commands.add(NftRules.addPersistenceSet(
                    set, spec.key().family(), spec.persistenceTimeout().toSeconds()));
        }
        commands.add(NftRules.addCounter(name));
        NftRules.Target opsTarget = null;
        if (service.ops) {
            // Its own chain: each datagram the scheduler sends here is rewritten and counted here.
            opsTarget = target(spec.key(), d);
            commands.add(NftRules.addChain(name));
            commands.add(NftRules.opsForwardRule(
                    name,
                    spec.key(),
                    opsTarget,
                    new NftRules.Accounting(
                            name, NftRules.persistenceKey(spec.key().family(), spec.persistenceNetmask()), set)));
            commands.addAll(NftRules.addOpsReply(spec.key().family(), opsTarget, service.postChain()));
        }
        return new InstalledDestination(name, set, opsTarget, d);
    }

    private static void removeDestination(InstalledDestination d, List<Object> commands) {
        if (d.opsTarget != null) {
            commands.addAll(NftRules.deleteOpsReply(Family.of(d.opsTarget.address()), d.opsTarget));
            commands.add(NftRules.flushChain(d.name));
            commands.add(NftRules.deleteChain(d.name));
        }
        commands.add(NftRules.deleteCounter(d.name));
        if (d.persistenceSet != null) {
            commands.add(NftRules.deleteSet(d.persistenceSet));
        }
    }

    private static void writeServiceChain(InstalledService service, List<Object> commands) {
        ServiceSpec spec = service.spec;
        List<InstalledDestination> ordered = new ArrayList<>(service.destinations.values());
        List<NftRules.Target> targets =
                ordered.stream().map(d -> target(spec.key(), d.destination)).toList();
        Object persistenceKey = NftRules.persistenceKey(spec.key().family(), spec.persistenceNetmask());
        if (service.ops) {
            commands.add(NftRules.notrackRule(service.chain));
        }
        for (int i = 0; i < ordered.size(); i++) {
            InstalledDestination d = ordered.get(i);
            // A drained server (weight 0) takes no new connections, not even from persistent clients.
            if (d.persistenceSet != null && d.destination.weight() > 0) {
                commands.add(
                        service.ops
                                ? NftRules.opsPersistenceRule(service.chain, persistenceKey, d.persistenceSet, d.name)
                                : NftRules.persistenceRule(
                                        service.chain, spec.key(), persistenceKey, d.persistenceSet, targets.get(i)));
            }
        }
        SchedulerPlan plan = SchedulerPlan.of(
                spec.scheduler(),
                spec.schedulerFlags(),
                ordered.stream().map(d -> d.destination).toList());
        if (!plan.shares().isEmpty()) {
            long seed = Integer.toUnsignedLong(spec.key().toString().hashCode());
            commands.add(
                    service.ops
                            ? NftRules.opsSchedulerRule(
                                    service.chain,
                                    spec.key(),
                                    plan,
                                    ordered.stream().map(d -> d.name).toList(),
                                    seed)
                            : NftRules.schedulerRule(service.chain, spec.key(), plan, targets, seed));
        }
        commands.add(NftRules.dropRule(service.chain));
    }

    private static void writePostChain(InstalledService service, List<Object> commands) {
        ServiceSpec spec = service.spec;
        Object persistenceKey = NftRules.persistenceKey(spec.key().family(), spec.persistenceNetmask());
        for (InstalledDestination d : service.destinations.values()) {
            commands.add(NftRules.accountingRule(
                    service.postChain(),
                    spec.key(),
                    target(spec.key(), d.destination),
                    new NftRules.Accounting(d.name, persistenceKey, d.persistenceSet)));
        }
    }

    /**
     * Where DNAT sends a connection: a real server without a port keeps the service's port; on a
     * fwmark or all-ports service it keeps the client's port (then the target has no port).
     */
    private static NftRules.Target target(ServiceKey key, Destination d) {
        int port = d.port() != 0 ? d.port() : key.isFwmark() ? 0 : key.port();
        return new NftRules.Target(d.address(), port);
    }

    private static String identity(Destination d) {
        return IpAddresses.format(d.address()) + "|" + d.port();
    }

    private static String describe(Map<ServiceKey, InstalledService> before, Map<ServiceKey, InstalledService> after) {
        Set<ServiceKey> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> changed = new ArrayList<>();
        for (ServiceKey key : keys) {
            InstalledService a = before.get(key);
            InstalledService b = after.get(key);
            if (a == null || b == null || !a.spec.equals(b.spec)) {
                changed.add(key.toString());
            }
        }
        if (changed.size() > 5) {
            return changed.size() + " services (" + String.join(", ", changed.subList(0, 5)) + ", ...)";
        }
        return changed.isEmpty() ? "table " + NftRules.TABLE : String.join(", ", changed);
    }

    // ---- what we installed

    private static final class InstalledService {
        final String chain;
        final ServiceSpec spec;
        /** One-packet scheduling: no post chain but a back chain (same name) that rewrites replies. */
        final boolean ops;

        final Map<String, InstalledDestination> destinations = new LinkedHashMap<>();
        int nextDestinationId;

        InstalledService(String chain, ServiceSpec spec) {
            this.chain = chain;
            this.spec = spec;
            this.ops = onePacket(spec);
        }

        String postChain() {
            return chain + "-post";
        }

        InstalledService copy(ServiceSpec newSpec) {
            InstalledService copy = new InstalledService(chain, newSpec);
            copy.destinations.putAll(destinations);
            copy.nextDestinationId = nextDestinationId;
            return copy;
        }

        /** Scheduler, flags, persistence: what cannot change without rebuilding the service. */
        boolean sameShape(ServiceSpec other) {
            return spec.scheduler().equals(other.scheduler())
                    && spec.schedulerFlags().equals(other.schedulerFlags())
                    && Objects.equals(spec.persistenceTimeout(), other.persistenceTimeout())
                    && Objects.equals(spec.persistenceNetmask(), other.persistenceNetmask());
        }

        /** What the service chain is written from: destination chains and weights, in order. */
        List<String> schedulingInput() {
            List<String> input = new ArrayList<>();
            for (InstalledDestination d : destinations.values()) {
                input.add(d.name + "=" + d.destination.weight());
            }
            return input;
        }
    }

    /**
     * A real server's objects: its counter (and name stem), its persistence set (or null) and, in an
     * ops service, its chain (same name) and the reply elements for opsTarget (else null).
     */
    private record InstalledDestination(
            String name, String persistenceSet, NftRules.Target opsTarget, Destination destination) {
        InstalledDestination withDestination(Destination d) {
            return new InstalledDestination(name, persistenceSet, opsTarget, d);
        }
    }
}
