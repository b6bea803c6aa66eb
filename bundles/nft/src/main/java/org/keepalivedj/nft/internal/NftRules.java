package org.keepalivedj.nft.internal;

import static org.keepalivedj.nft.internal.Json.obj;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpAddresses;

/**
 * The nftables objects of our table as libnftables JSON commands. Layout of table {@code inet
 * keepalivedj}:
 * <pre>
 *   chain prerouting, output (nat, priority dstnat): look the packet up in the dispatch maps
 *     map vip4/vip6        address . l4proto . port : goto vs&lt;id&gt;   (services with a port)
 *     map vip4any/vip6any  address . l4proto : goto vs&lt;id&gt;          (port 0: all ports)
 *     map mark4/mark6      meta mark : goto vs&lt;id&gt;                   (fwmark services)
 *   chain vs&lt;id&gt;           per persistent client set: "client in set: dnat to that server";
 *                        then one dnat through numgen/jhash mapped onto the servers by weight; drop if none
 *   chain postrouting (nat, priority srcnat): connections we translated, by their original destination
 *     map post4/post6/post4any/post6any/postmark4/postmark6 : goto vs&lt;id&gt;-post
 *   chain vs&lt;id&gt;-post      per server: "went to this server: count it, remember the client"
 *   counter vs&lt;id&gt;-rs&lt;n&gt;   connections scheduled to that server
 *   set vs&lt;id&gt;-rs&lt;n&gt;-p     clients (masked) that persist to that server, with the persistence timeout
 * One-packet scheduling (ops, UDP services with a port) keeps no conntrack state:
 *   chain opspre (filter, prerouting), opsout (route, output), both at raw priority (before conntrack)
 *     map ops4/ops6        address . port : goto vs&lt;id&gt;           (the service's datagrams)
 *     set opsreal4/opsreal6  address . port: notrack                 (replies from its real servers)
 *   chain vs&lt;id&gt;           notrack; per persistent client set "goto vs&lt;id&gt;-rs&lt;n&gt;"; then numgen/jhash
 *                        mapped onto the servers' chains by weight; drop if none
 *   chain vs&lt;id&gt;-rs&lt;n&gt;     rewrite destination address and port, count, remember the client
 *                        (replies to this host itself stay tracked: its checks' answers are established flows)
 *   chain opspost (postrouting), opsin (input, not established): after routing, where a rewritten source is no martian
 *     map opsback4/opsback6  real address . port : goto vs&lt;id&gt;-post  (rewrites the source to the service)
 * </pre>
 * No verdict map points at per-server chains: the kernel's loop check for such jumps grows with the
 * square of their number (1,000 x 10 took seconds), while a dnat through a map costs nothing extra.
 * NAT chains only see the first packet of a connection; conntrack carries the rest, so changing
 * or removing a service's rules never disturbs established connections.
 */
public final class NftRules {

    public static final String FAMILY = "inet";
    public static final String TABLE = "keepalivedj";
    private static final String[] HOOKS = {"prerouting", "output"};
    /**
     * Up to this many numbers the scheduler's map lists every number instead of ranges: interval
     * maps cost the kernel far more to build (1,000 services x 10 servers: 8.7 s against 3.2 s).
     */
    static final long EXPAND_RANGES_UP_TO = 1024;
    /** Before conntrack (-200): where notrack has to happen. */
    private static final int RAW_PRIORITY = -300;

    private NftRules() {}

    public static Map<String, Object> batch(List<Object> commands) {
        return obj("nftables", commands);
    }

    // ---- the table and its fixed part

    public static Object addTable() {
        return obj("add", obj("table", obj("family", FAMILY, "name", TABLE)));
    }

    public static Object deleteTable() {
        return obj("delete", obj("table", obj("family", FAMILY, "name", TABLE)));
    }

    /** Hook chains and dispatch maps. */
    public static List<Object> skeleton() {
        List<Object> commands = new ArrayList<>();
        // the same maps twice: vip* and mark* dispatch to a service, post* and postmark* its replies
        for (String[] maps : new String[][] {{"vip", "mark"}, {"post", "postmark"}}) {
            commands.add(addMap(maps[0] + "4", List.of("ipv4_addr", "inet_proto", "inet_service")));
            commands.add(addMap(maps[0] + "6", List.of("ipv6_addr", "inet_proto", "inet_service")));
            commands.add(addMap(maps[0] + "4any", List.of("ipv4_addr", "inet_proto")));
            commands.add(addMap(maps[0] + "6any", List.of("ipv6_addr", "inet_proto")));
            commands.add(addMap(maps[1] + "4", "mark"));
            commands.add(addMap(maps[1] + "6", "mark"));
        }
        for (String hook : HOOKS) {
            // dstnat priority (-100): the same place iptables' DNAT and IPVS' NAT sit.
            commands.add(addBaseChain(hook, "nat", hook, -100));
            commands.add(addRule(
                    hook,
                    List.of(vmap(concat(addr("ip", "daddr"), meta("l4proto"), payload("th", "dport")), "@vip4"))));
            commands.add(addRule(
                    hook,
                    List.of(vmap(concat(addr("ip6", "daddr"), meta("l4proto"), payload("th", "dport")), "@vip6"))));
            commands.add(addRule(hook, List.of(vmap(concat(addr("ip", "daddr"), meta("l4proto")), "@vip4any"))));
            commands.add(addRule(hook, List.of(vmap(concat(addr("ip6", "daddr"), meta("l4proto")), "@vip6any"))));
            commands.add(addRule(hook, List.of(match(meta("nfproto"), "ipv4"), vmap(meta("mark"), "@mark4"))));
            commands.add(addRule(hook, List.of(match(meta("nfproto"), "ipv6"), vmap(meta("mark"), "@mark6"))));
        }
        commands.add(addBaseChain("postrouting", "nat", "postrouting", 100));
        Object translated = obj("match", obj("op", "in", "left", obj("ct", obj("key", "status")), "right", "dnat"));
        for (String[] ip : new String[][] {{"ip", "4"}, {"ip6", "6"}}) {
            Object originalAddress = obj("ct", obj("key", ip[0] + " daddr", "dir", "original"));
            // nftables types the original port only once the protocol is known: one rule per protocol.
            for (String protocol : List.of("tcp", "udp", "sctp")) {
                commands.add(addRule(
                        "postrouting",
                        List.of(
                                translated,
                                match(meta("l4proto"), protocol),
                                vmap(
                                        concat(
                                                originalAddress,
                                                meta("l4proto"),
                                                obj("ct", obj("key", "proto-dst", "dir", "original"))),
                                        "@post" + ip[1]))));
            }
            commands.add(addRule(
                    "postrouting",
                    List.of(translated, vmap(concat(originalAddress, meta("l4proto")), "@post" + ip[1] + "any"))));
            commands.add(addRule(
                    "postrouting",
                    List.of(
                            translated,
                            match(meta("nfproto"), ip[0].equals("ip") ? "ipv4" : "ipv6"),
                            vmap(meta("mark"), "@postmark" + ip[1]))));
        }
        commands.addAll(opsSkeleton());
        return commands;
    }

    /**
     * The stateless part for one-packet scheduling: hook chains before conntrack (raw priority)
     * that mark a service's datagrams untracked and send them to its chain, and chains after
     * routing that give replies the virtual address and port back.
     */
    private static List<Object> opsSkeleton() {
        List<Object> commands = new ArrayList<>();
        for (String v : List.of("4", "6")) {
            String type = v.equals("4") ? "ipv4_addr" : "ipv6_addr";
            commands.add(addMap("ops" + v, List.of(type, "inet_service")));
            commands.add(addMap("opsback" + v, List.of(type, "inet_service")));
            commands.add(tableObject("add", "set", "opsreal" + v, "type", List.of(type, "inet_service")));
        }
        // prerouting: datagrams from clients elsewhere, and replies on their way back (untracked too,
        // their source is rewritten after routing: before it, a local source address is a martian).
        commands.add(addBaseChain("opspre", "filter", "prerouting", RAW_PRIORITY));
        // output: a client on this host; a route chain, so that the new destination is routed again.
        commands.add(addBaseChain("opsout", "route", "output", RAW_PRIORITY));
        commands.add(addBaseChain("opspost", "filter", "postrouting", 100));
        commands.add(addBaseChain("opsin", "filter", "input", -150));
        for (String[] ip : new String[][] {{"ip", "4"}, {"ip6", "6"}}) {
            Object toService = concat(addr(ip[0], "daddr"), payload("udp", "dport"));
            Object fromReal = concat(addr(ip[0], "saddr"), payload("udp", "sport"));
            for (String chain : List.of("opspre", "opsout")) {
                commands.add(addRule(chain, List.of(match(meta("l4proto"), "udp"), vmap(toService, "@ops" + ip[1]))));
            }
            // Replies to this host itself stay tracked: those to its own checks (sent to the real
            // server directly) must reach their socket unchanged, as conntrack's established flows.
            commands.add(addRule(
                    "opspre",
                    List.of(
                            match(meta("l4proto"), "udp"),
                            match(fromReal, "@opsreal" + ip[1]),
                            differs(obj("fib", obj("result", "type", "flags", List.of("daddr"))), "local"),
                            obj("notrack", null))));
            commands.add(addRule(
                    "opspost", List.of(match(meta("l4proto"), "udp"), vmap(fromReal, "@opsback" + ip[1]))));
            commands.add(addRule(
                    "opsin",
                    List.of(
                            match(meta("l4proto"), "udp"),
                            differs(obj("ct", obj("key", "state")), "established"),
                            vmap(fromReal, "@opsback" + ip[1]))));
        }
        return commands;
    }

    private static Object addBaseChain(String name, String type, String hook, int priority) {
        return tableObject("add", "chain", name, "type", type, "hook", hook, "prio", priority, "policy", "accept");
    }

    private static Object addMap(String name, Object type) {
        return tableObject("add", "map", name, "type", type, "map", "verdict");
    }

    /**
     * A command on one named object of our table: {@code {verb: {kind: {family, table, name,
     * ...fields}}}}.
     */
    private static Object tableObject(String verb, String kind, String name, Object... fields) {
        Map<String, Object> object = obj("family", FAMILY, "table", TABLE, "name", name);
        object.putAll(obj(fields));
        return obj(verb, obj(kind, object));
    }

    // ---- dispatch: which packets belong to a service

    /** Packets to the service go to its chain; with {@code post}, its translated connections to its post chain. */
    public static Object addDispatch(ServiceKey key, String serviceChain, boolean post) {
        Map<String, Object> element = dispatchElement(key, post);
        return element(
                "add", (String) element.get("map"), List.of(List.of(element.get("key"), gotoChain(serviceChain))));
    }

    public static Object deleteDispatch(ServiceKey key, boolean post) {
        Map<String, Object> element = dispatchElement(key, post);
        return element("delete", (String) element.get("map"), List.of(element.get("key")));
    }

    private static Map<String, Object> dispatchElement(ServiceKey key, boolean post) {
        String v = v(key.family());
        if (key.isFwmark()) {
            return obj("map", (post ? "postmark" : "mark") + v, "key", Integer.toUnsignedLong(key.fwmark()));
        }
        String address = text(key.address());
        String protocol = key.protocol().keyword();
        if (key.port() == 0) {
            return obj("map", (post ? "post" : "vip") + v + "any", "key", concat(address, protocol));
        }
        return obj("map", (post ? "post" : "vip") + v, "key", concat(address, protocol, key.port()));
    }

    /**
     * One command per map instead of one per element: all "add element" commands of a map move to
     * the place of its last one (every chain they point at exists by then), all "delete element"
     * commands to the place of its first one (before any chain they pointed at goes). When a map's
     * deletes come later than its adds, the adds follow the deletes: an element that moves (an ops
     * real server from one service to another) is deleted before it is added again. libnftables
     * handles one command with 1,000 elements much faster than 1,000 commands.
     */
    @SuppressWarnings("unchecked")
    public static List<Object> mergeElementCommands(List<Object> commands) {
        Map<String, Integer> lastAdd = new java.util.HashMap<>();
        Map<String, Integer> firstDelete = new java.util.HashMap<>();
        Map<String, List<Object>> elements = new java.util.HashMap<>();
        Map<String, Map<String, Object>> elementTemplate = new java.util.HashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            String id = elementCommandId(commands.get(i));
            if (id != null) {
                elementTemplate.putIfAbsent(id, elementOf(commands.get(i)));
                if (id.startsWith("add ")) {
                    lastAdd.put(id, i);
                } else {
                    firstDelete.putIfAbsent(id, i);
                }
                elements.computeIfAbsent(id, k -> new ArrayList<>())
                        .addAll((List<Object>) elementOf(commands.get(i)).get("elem"));
            }
        }
        Map<Integer, List<String>> emitAt = new java.util.HashMap<>();
        firstDelete.forEach(
                (id, i) -> emitAt.computeIfAbsent(i, k -> new ArrayList<>()).add(id));
        lastAdd.forEach((id, i) -> {
            Integer delete = firstDelete.get("delete " + id.substring("add ".length()));
            int at = delete != null && delete > i ? delete : i;
            emitAt.computeIfAbsent(at, k -> new ArrayList<>()).add(id);
        });
        List<Object> merged = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            Object command = commands.get(i);
            if (elementCommandId(command) == null) {
                merged.add(command);
            }
            List<String> ids = emitAt.getOrDefault(i, List.of()).stream()
                    .sorted(java.util.Comparator.comparing((String id) -> id.startsWith("add ")))
                    .toList();
            for (String id : ids) {
                Map<String, Object> element = new java.util.LinkedHashMap<>(elementTemplate.get(id));
                element.put("elem", elements.get(id));
                merged.add(obj(id.substring(0, id.indexOf(' ')), obj("element", element)));
            }
        }
        return merged;
    }

    private static String elementCommandId(Object command) {
        if (command instanceof Map<?, ?> map && map.size() == 1) {
            for (String verb : List.of("add", "delete")) {
                if (map.get(verb) instanceof Map<?, ?> body && body.get("element") instanceof Map<?, ?> element) {
                    return verb + " " + element.get("name");
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> elementOf(Object command) {
        Map<?, ?> map = (Map<?, ?>) command;
        Map<?, ?> body = (Map<?, ?>) (map.containsKey("add") ? map.get("add") : map.get("delete"));
        return (Map<String, Object>) body.get("element");
    }

    // ---- per service and per destination objects

    public static Object addChain(String name) {
        return tableObject("add", "chain", name);
    }

    public static Object flushChain(String name) {
        return tableObject("flush", "chain", name);
    }

    public static Object deleteChain(String name) {
        return tableObject("delete", "chain", name);
    }

    public static Object addCounter(String name) {
        return tableObject("add", "counter", name);
    }

    public static Object deleteCounter(String name) {
        return tableObject("delete", "counter", name);
    }

    public static Object addPersistenceSet(String name, Family family, long timeoutSeconds) {
        return tableObject(
                "add",
                "set",
                name,
                "type",
                family == Family.INET ? "ipv4_addr" : "ipv6_addr",
                "flags",
                List.of("timeout"),
                "timeout",
                timeoutSeconds);
    }

    public static Object deleteSet(String name) {
        return tableObject("delete", "set", name);
    }

    /** A real server as a DNAT target: its address, and its port unless it has none (keep the client's). */
    public record Target(InetAddress address, int port) {
        Object data() {
            return port == 0 ? text(address) : concat(text(address), port);
        }
    }

    /** nftables accepts a port mapping only after a transport protocol match. */
    private static List<Object> protocolMatch(ServiceKey key, boolean withPort) {
        if (!withPort) {
            return List.of();
        }
        Object protocols = key.isFwmark()
                ? obj("set", List.of("tcp", "udp", "sctp"))
                : key.protocol().keyword();
        return List.of(match(meta("l4proto"), protocols));
    }

    private static Map<String, Object> dnat(ServiceKey key, Target target) {
        Map<String, Object> dnat = obj("family", ip(key.family()), "addr", text(target.address()));
        if (target.port() != 0) {
            dnat.put("port", target.port());
        }
        return obj("dnat", dnat);
    }

    /** A persistent client that is in a server's set goes to that server again. */
    public static Object persistenceRule(
            String serviceChain, ServiceKey key, Object persistenceKey, String set, Target target) {
        List<Object> expr = new ArrayList<>(protocolMatch(key, target.port() != 0));
        expr.add(match(persistenceKey, "@" + set));
        expr.add(dnat(key, target));
        return addRule(serviceChain, expr);
    }

    /** The scheduler: one DNAT whose target numgen or jhash picks from ranges sized by weight. */
    public static Object schedulerRule(
            String serviceChain, ServiceKey key, SchedulerPlan plan, List<Target> targets, long seed) {
        boolean withPort = targets.get(plan.shares().get(0).index()).port() != 0;
        List<Object> expr = new ArrayList<>(protocolMatch(key, withPort));
        if (plan.shares().size() == 1) {
            expr.add(dnat(key, targets.get(plan.shares().get(0).index())));
            return addRule(serviceChain, expr);
        }
        List<Object> elements =
                shareElements(plan, share -> targets.get(share.index()).data());
        String ip = ip(key.family());
        expr.add(obj(
                "dnat",
                obj(
                        "family",
                        ip,
                        "addr",
                        obj("map", obj("key", pick(key, plan, seed), "data", obj("set", elements))))));
        return addRule(serviceChain, expr);
    }

    /** Map elements from the plan's number ranges to each share's data. */
    private static List<Object> shareElements(SchedulerPlan plan, Function<SchedulerPlan.Share, Object> data) {
        List<Object> elements = new ArrayList<>();
        boolean expand = plan.modulus() <= EXPAND_RANGES_UP_TO;
        for (SchedulerPlan.Share share : plan.shares()) {
            Object value = data.apply(share);
            if (share.from() == share.to()) {
                elements.add(List.of(share.from(), value));
            } else if (expand) {
                for (long n = share.from(); n <= share.to(); n++) {
                    elements.add(List.of(n, value));
                }
            } else {
                elements.add(List.of(obj("range", List.of(share.from(), share.to())), value));
            }
        }
        return elements;
    }

    /** The number the scheduler maps onto the shares: numgen, or jhash of the client or destination. */
    private static Object pick(ServiceKey key, SchedulerPlan plan, long seed) {
        String ip = ip(key.family());
        return switch (plan.mode()) {
            case ROUND_ROBIN -> obj("numgen", obj("mode", "inc", "mod", plan.modulus(), "offset", 0));
            case RANDOM -> obj("numgen", obj("mode", "random", "mod", plan.modulus(), "offset", 0));
            case HASH ->
                obj(
                        "jhash",
                        obj(
                                "mod",
                                plan.modulus(),
                                "seed",
                                seed,
                                "expr",
                                switch (plan.hashInput()) {
                                    case SOURCE_AND_PORT -> concat(addr(ip, "saddr"), payload("th", "sport"));
                                    case DESTINATION -> addr(ip, "daddr");
                                    default -> addr(ip, "saddr");
                                }));
        };
    }

    /**
     * The post chain's rule for one server: a translated connection that went to it is counted, and
     * its client (masked) is put in, or refreshed in, the server's persistence set.
     */
    public static Object accountingRule(String postChain, ServiceKey key, Target target, Accounting accounting) {
        String ip = ip(key.family());
        List<Object> expr = new ArrayList<>(protocolMatch(key, target.port() != 0));
        expr.add(match(addr(ip, "daddr"), text(target.address())));
        if (target.port() != 0) {
            expr.add(match(payload("th", "dport"), target.port()));
        }
        expr.addAll(countAndRemember(accounting));
        return addRule(postChain, expr);
    }

    // ---- one-packet scheduling (ops): UDP services with a port, no conntrack

    /** The datagrams of an ops service go to its chain (before conntrack sees them). */
    public static Object addOpsDispatch(ServiceKey key, String serviceChain) {
        return element(
                "add",
                "ops" + v(key.family()),
                List.of(List.of(concat(text(key.address()), key.port()), gotoChain(serviceChain))));
    }

    public static Object deleteOpsDispatch(ServiceKey key) {
        return element("delete", "ops" + v(key.family()), List.of(concat(text(key.address()), key.port())));
    }

    /** Replies from this real server are untracked and get the service's address and port back (its back chain). */
    public static List<Object> addOpsReply(Family family, Target target, String backChain) {
        Object from = concat(text(target.address()), target.port());
        return List.of(
                element("add", "opsreal" + v(family), List.of(from)),
                element("add", "opsback" + v(family), List.of(List.of(from, gotoChain(backChain)))));
    }

    public static List<Object> deleteOpsReply(Family family, Target target) {
        Object from = concat(text(target.address()), target.port());
        return List.of(
                element("delete", "opsreal" + v(family), List.of(from)),
                element("delete", "opsback" + v(family), List.of(from)));
    }

    /** First rule of an ops service's chain: no conntrack entry, so nothing pins the client to a server. */
    public static Object notrackRule(String serviceChain) {
        return addRule(serviceChain, List.of(obj("notrack", null)));
    }

    /** A persistent client in a server's set goes to that server's chain again. */
    public static Object opsPersistenceRule(
            String serviceChain, Object persistenceKey, String set, String serverChain) {
        return addRule(serviceChain, List.of(match(persistenceKey, "@" + set), gotoChain(serverChain)));
    }

    /** The scheduler for each datagram: numgen or jhash onto the servers' chains by weight. */
    public static Object opsSchedulerRule(
            String serviceChain, ServiceKey key, SchedulerPlan plan, List<String> serverChains, long seed) {
        if (plan.shares().size() == 1) {
            return addRule(
                    serviceChain,
                    List.of(gotoChain(serverChains.get(plan.shares().get(0).index()))));
        }
        List<Object> elements = shareElements(plan, share -> gotoChain(serverChains.get(share.index())));
        return addRule(serviceChain, List.of(vmap(pick(key, plan, seed), obj("set", elements))));
    }

    /**
     * A server's chain: the datagram goes to it (destination rewritten, checksums follow), is
     * counted, and its client (masked) is put in, or refreshed in, the persistence set.
     */
    public static Object opsForwardRule(String serverChain, ServiceKey key, Target target, Accounting accounting) {
        String ip = ip(key.family());
        List<Object> expr = new ArrayList<>();
        expr.add(mangle(addr(ip, "daddr"), text(target.address())));
        expr.add(mangle(payload("udp", "dport"), target.port()));
        expr.addAll(countAndRemember(accounting));
        return addRule(serverChain, expr);
    }

    /** Count the connection or datagram and put its client in, or refresh it in, the persistence set (if any). */
    /**
     * What a server's rule does with a packet it passes on: counts it in the server's counter and,
     * with persistence, puts its client (by persistenceKey) in the server's persistence set (null:
     * none).
     */
    public record Accounting(String counter, Object persistenceKey, String persistenceSet) {}

    private static List<Object> countAndRemember(Accounting a) {
        Object count = obj("counter", a.counter());
        return a.persistenceSet() == null
                ? List.of(count)
                : List.of(
                        count,
                        obj("set", obj("op", "update", "elem", a.persistenceKey(), "set", "@" + a.persistenceSet())));
    }

    /** A service's back chain: a reply leaves from the virtual address and port. */
    public static Object opsReplyRule(String backChain, ServiceKey key) {
        String ip = ip(key.family());
        return addRule(
                backChain,
                List.of(mangle(addr(ip, "saddr"), text(key.address())), mangle(payload("udp", "sport"), key.port())));
    }

    private static Object element(String verb, String set, List<Object> elements) {
        return tableObject(verb, "element", set, "elem", elements);
    }

    private static Object gotoChain(String chain) {
        return obj("goto", obj("target", chain));
    }

    private static Object mangle(Object field, Object value) {
        return obj("mangle", obj("key", field, "value", value));
    }

    /** The nftables payload protocol of a family's addresses. */
    private static String ip(Family family) {
        return family == Family.INET ? "ip" : "ip6";
    }

    private static String v(Family family) {
        return family == Family.INET ? "4" : "6";
    }

    /** Reached when no destination takes new connections: refuse the connection. */
    public static Object dropRule(String serviceChain) {
        return addRule(serviceChain, List.of(obj("drop", null)));
    }

    /** The client's address, masked by the persistence granularity when one is set. */
    public static Object persistenceKey(Family family, String netmask) {
        Object source = addr(ip(family), "saddr");
        String mask = mask(family, netmask);
        return mask == null ? source : obj("&", List.of(source, mask));
    }

    /**
     * The netmask as an address, or null for a full-length mask (no masking): IPv4 takes a dotted
     * netmask or a prefix length, IPv6 a prefix length.
     */
    static String mask(Family family, String netmask) {
        if (netmask == null || netmask.isBlank()) {
            return null;
        }
        String m = netmask.strip();
        int bits = family.maxPrefixLength();
        try {
            byte[] bytes;
            if (m.matches("\\d{1,3}")) {
                int prefix = Integer.parseInt(m);
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException(
                            "persistence granularity /" + prefix + " is not a " + family.keyword() + " prefix length");
                }
                bytes = new byte[bits / 8];
                for (int i = 0; i < prefix; i++) {
                    bytes[i / 8] |= (byte) (0x80 >>> (i % 8));
                }
            } else {
                bytes = InetAddress.getByName(m).getAddress();
                if (bytes.length * 8 != bits || !m.matches("[0-9a-fA-F:.]+")) {
                    throw new IllegalArgumentException(
                            "persistence granularity " + m + " is not a " + family.keyword() + " netmask");
                }
            }
            boolean full = true;
            for (byte b : bytes) {
                full &= b == (byte) 0xff;
            }
            return full ? null : IpAddresses.format(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("persistence granularity " + m + " is not a netmask", e);
        }
    }

    // ---- expression helpers

    static Object addRule(String chain, List<Object> expr) {
        return obj("add", obj("rule", obj("family", FAMILY, "table", TABLE, "chain", chain, "expr", expr)));
    }

    static Object payload(String protocol, String field) {
        return obj("payload", obj("protocol", protocol, "field", field));
    }

    static Object addr(String protocol, String field) {
        return payload(protocol, field);
    }

    static Object meta(String key) {
        return obj("meta", obj("key", key));
    }

    static Object concat(Object... parts) {
        return obj("concat", List.of(parts));
    }

    static Object match(Object left, Object right) {
        return obj("match", obj("op", "==", "left", left, "right", right));
    }

    static Object differs(Object left, Object right) {
        return obj("match", obj("op", "!=", "left", left, "right", right));
    }

    static Object vmap(Object key, Object data) {
        return obj("vmap", obj("key", key, "data", data));
    }

    /** An address as nftables reads it: no scope suffix. */
    static String text(InetAddress address) {
        String s = IpAddresses.format(address);
        int scope = s.indexOf('%');
        return address instanceof Inet6Address && scope >= 0 ? s.substring(0, scope) : s;
    }
}
