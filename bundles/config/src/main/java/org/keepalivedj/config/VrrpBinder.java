package org.keepalivedj.config;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.model.AdvertOptions;
import org.keepalivedj.api.model.Authentication;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.GarpGroup;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.HmacAuthentication;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.Ipvlan;
import org.keepalivedj.api.model.NotifyScripts;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.SmtpAlert;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.TrackFile;
import org.keepalivedj.api.model.TrackGroup;
import org.keepalivedj.api.model.TrackProcess;
import org.keepalivedj.api.model.TrackRef;
import org.keepalivedj.api.model.Tracking;
import org.keepalivedj.api.model.UnicastPeer;
import org.keepalivedj.api.model.VirtualAddress;
import org.keepalivedj.api.model.Vmac;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.model.VrrpScript;
import org.keepalivedj.api.model.VrrpState;

/** The VRRP side: instances, sync groups, scripts and trackers, static addresses, BFD instances. */
final class VrrpBinder {
    private static final KeywordTable TABLE = KeywordTable.standard();
    private static final BigDecimal V3_MAX_ADVERT = new BigDecimal("40.95");
    /** The priority of the address owner. */
    private static final int OWNER = 255;

    private final Problems problems;
    private final GlobalDefs global;
    private final IpValues ip;
    /** Interface -> where a garp_group claimed it. */
    private final Map<String, Location> garpInterfaces = new HashMap<>();

    VrrpBinder(Problems problems, GlobalDefs global, IpValues ip) {
        this.problems = problems;
        this.global = global;
        this.ip = ip;
    }

    VrrpInstance instance(ConfigNode block) {
        String name = block.arg(0).orElse("");
        String context = "vrrp_instance " + name;
        ProblemSink sink = problems.about(context);
        BlockReader r = BlockReader.of(block, TABLE.section("vrrp_instance"), sink);
        Integer explicitVersion = r.integerOrNull("version");
        boolean strict = r.peekFlag("strict_mode") != null ? r.peekFlag("strict_mode") : global.vrrpStrict();
        Integer vrid = r.integerOrNull("virtual_router_id");
        if (vrid == null) {
            if (block.child("virtual_router_id").isEmpty()) {
                sink.error(block.location(), "virtual_router_id missing");
            }
            vrid = 0;
        }
        List<VirtualAddress> vips = addresses(r.lines("virtual_ipaddress"), "virtual_ipaddress", sink);
        List<VirtualAddress> excluded =
                addresses(r.lines("virtual_ipaddress_excluded"), "virtual_ipaddress_excluded", sink);
        List<UnicastPeer> peers = parse(r.lines("unicast_peer"), line -> Lines.peer(line, sink));
        InetAddress mcastSrc = r.ip("mcast_src_ip");
        InetAddress unicastSrc = r.ip("unicast_src_ip");
        InetAddress source = unicastSrc != null ? unicastSrc : mcastSrc;
        Family family = instanceFamily(r.flag("native_ipv6"), vips, source, peers);
        int version = version(explicitVersion, family, strict, r, sink);
        Duration advert = advertInterval(r, version, sink);
        for (VirtualAddress vip : vips) {
            if (vip.family() != family) {
                sink.error(
                        vip.origin().location(),
                        "virtual_ipaddress " + vip.address() + " is " + Lines.describe(vip.family())
                                + " but the instance is " + Lines.describe(family));
            }
        }
        for (UnicastPeer peer : peers) {
            if (Family.of(peer.address()) != family) {
                sink.error(
                        peer.origin().location(),
                        "unicast_peer " + IpAddresses.format(peer.address()) + " is "
                                + Lines.describe(Family.of(peer.address())) + " but the instance is "
                                + Lines.describe(family));
            }
        }
        if (source != null && Family.of(source) != family) {
            sink.error(
                    block.location(),
                    "source address " + IpAddresses.format(source) + " is " + Lines.describe(Family.of(source))
                            + " but the instance is " + Lines.describe(family));
        }
        Boolean accept =
                r.flag("no_accept") ? Boolean.FALSE : r.has("accept") ? Boolean.valueOf(r.flag("accept")) : null;
        // keepalived: a MASTER without priority owns the addresses (255); a 255 without state is MASTER
        String givenState = r.choice("state", null);
        int priority = r.integer("priority", "MASTER".equals(givenState) ? OWNER : 100);
        VrrpState state = givenState != null
                ? VrrpState.valueOf(givenState)
                : priority == OWNER ? VrrpState.MASTER : VrrpState.BACKUP;
        boolean nopreempt = r.flag("nopreempt") && !r.flag("preempt");
        if (nopreempt && priority == OWNER) {
            sink.warning(r.node("nopreempt").location(), "nopreempt is incompatible with priority 255, ignored");
            nopreempt = false;
        } else if (nopreempt && state == VrrpState.MASTER) {
            // keepalived clears it too: an instance that starts as MASTER takes over whatever runs
            sink.warning(r.node("nopreempt").location(), "nopreempt will not work with initial state MASTER, ignored");
            nopreempt = false;
        }
        Authentication auth = usableAuthentication(authentication(r, sink), version, family, strict, sink);
        HmacAuthentication hmac = HmacAuthBinder.bind(r.node("auth_hmac"), advert, strict, sink);
        if (hmac != null && auth != null) {
            sink.warning(
                    auth.origin().location(),
                    "authentication and auth_hmac exclude each other, authentication ignored");
            auth = null;
        }
        if (auth != null && "AH".equals(auth.type()) && state == VrrpState.MASTER && priority != OWNER) {
            sink.warning(
                    auth.origin().location(),
                    "initial state MASTER is incompatible with AH authentication," + " starting as BACKUP");
            state = VrrpState.BACKUP;
        }
        if (vips.isEmpty()
                && !Boolean.TRUE.equals(r.peekFlag("no_virtual_ipaddress"))
                && block.child("virtual_ipaddress").isEmpty()) {
            if (version == 3 || strict) {
                sink.error(
                        block.location(),
                        "no virtual_ipaddress given; VRRP version 3 and strict mode need one"
                                + " (or no_virtual_ipaddress)");
            } else {
                sink.warning(block.location(), "no virtual_ipaddress given; at least one is sensible");
            }
        }
        String interfaceName =
                r.word("interface", global.defaultInterface() != null ? global.defaultInterface() : "eth0");
        checkInterface(block, interfaceName, sink);
        checkVrf(block, r, sink);
        // peeked: it stays in the settings, which the dump writes
        if (Boolean.TRUE.equals(r.peekFlag("use_vmac_addr"))) {
            vips = vmacAddr(vips, interfaceName, family);
            excluded = vmacAddr(excluded, interfaceName, family);
        }
        VrrpInstance instance = new VrrpInstance(
                Origin.at(block.location()),
                name,
                state,
                interfaceName,
                vrid,
                priority,
                advert,
                version,
                family,
                nopreempt,
                r.duration("preempt_delay", Duration.ZERO),
                accept,
                source,
                r.ip("mcast_dst_ip"),
                peers,
                vips,
                excluded,
                parse(r.lines("virtual_routes"), line -> RouteLine.parse(line, "virtual_routes", ip, sink)),
                parse(r.lines("virtual_rules"), line -> RuleLine.parse(line, "virtual_rules", ip, sink)),
                tracking(r, sink),
                r.flag("dont_track_primary"),
                vmac(block, r, vrid, family, strict, sink),
                auth,
                hmac,
                notify(r),
                SmtpAlert.of(r.optionalFlag("smtp_alert")),
                GlobalDefsBinder.garp(r, "", global.vrrpGarp()),
                advertOptions(block, r, strict, sink),
                r.rest());
        block.child("linkbeat_use_polling")
                .ifPresent(n -> sink.warning(
                        n.location(),
                        "linkbeat_use_polling in vrrp_instance is deprecated, use the linkbeat_interfaces block"));
        oldUnicastChecksum(r, sink);
        if (unicastSrc != null && mcastSrc != null) {
            sink.warning(r.node("mcast_src_ip").location(), "mcast_src_ip ignored, unicast_src_ip is set");
        }
        return instance;
    }

    /** old_unicast_checksum [never]: any other word is reported and the line ignored, as keepalived does. */
    private static void oldUnicastChecksum(BlockReader r, ProblemSink sink) {
        List<String> mode = r.peekWords("old_unicast_checksum");
        if (mode.size() > 1 || (mode.size() == 1 && !mode.get(0).equals("never"))) {
            sink.warning(
                    r.peekNode("old_unicast_checksum").location(),
                    "old_unicast_checksum " + String.join(" ", mode) + " is not a mode (only never), ignored");
        }
    }

    /** The instance's version: as given, else 3 for IPv6 (as keepalived), else global_defs' vrrp_version. */
    /**
     * down_timer_adverts and higher_prio_send_advert: the instance's, else global_defs' vrrp_ ones.
     * Strict mode keeps the RFC's behaviour for the second, as keepalived does.
     */
    private AdvertOptions advertOptions(ConfigNode block, BlockReader r, boolean strict, ProblemSink sink) {
        // peeked: they stay in the settings, which the dump writes
        Settings g = global.settings();
        List<String> own = r.peekWords("down_timer_adverts");
        int adverts = !own.isEmpty()
                ? Integer.parseInt(own.get(0))
                : g.has("vrrp_down_timer_adverts")
                        ? Integer.parseInt(g.get("vrrp_down_timer_adverts").strip())
                        : 3;
        Boolean send = r.peekFlag("higher_prio_send_advert");
        send = send != null ? send : g.flag("vrrp_higher_prio_send_advert");
        if (Boolean.TRUE.equals(send) && strict) {
            ConfigNode at = r.peekNode("higher_prio_send_advert");
            sink.warning(
                    at != null ? at.location() : block.location(),
                    "higher_prio_send_advert cannot be set in strict mode");
            send = false;
        }
        return new AdvertOptions(adverts, Boolean.TRUE.equals(send));
    }

    private int version(Integer explicit, Family family, boolean strict, BlockReader r, ProblemSink sink) {
        if (explicit == null) {
            return family == Family.INET6 ? 3 : global.vrrpVersion();
        }
        if (explicit == 2 && family == Family.INET6 && strict) {
            sink.warning(
                    r.node("version").location(), "IPv6 cannot use VRRP version 2 in strict mode, using version 3");
            return 3;
        }
        return explicit;
    }

    /** keepalived ignores authentication that VRRPv3, IPv6 AH or strict mode cannot carry. */
    private static Authentication usableAuthentication(
            Authentication auth, int version, Family family, boolean strict, ProblemSink sink) {
        if (auth == null) {
            return null;
        }
        String why = strict
                ? "strict mode does not support authentication"
                : version == 3
                        ? "VRRP version 3 does not support authentication"
                        : auth.password() == null
                                ? "authentication has no auth_pass"
                                : family == Family.INET6 && "AH".equals(auth.type())
                                        ? "AH authentication cannot be used with IPv6"
                                        : null;
        if (why != null) {
            sink.warning(auth.origin().location(), why + ", authentication ignored");
            return null;
        }
        return auth;
    }

    private Duration advertInterval(BlockReader r, int version, ProblemSink sink) {
        ConfigNode n = r.node("advert_int");
        Duration d = r.duration("advert_int", Duration.ofSeconds(1));
        if (n == null) {
            return d;
        }
        BigDecimal v = new BigDecimal(d.toNanos()).movePointLeft(9);
        if (version == 2 && (v.stripTrailingZeros().scale() > 0 || v.compareTo(BigDecimal.ONE) < 0)) {
            sink.error(n.location(), "advert_int " + n.argsText() + " must be whole seconds 1-255 for VRRP version 2");
        } else if (version == 3
                && (v.compareTo(V3_MAX_ADVERT) > 0 || v.stripTrailingZeros().scale() > 2)) {
            sink.error(
                    n.location(),
                    "advert_int " + n.argsText() + " out of range 0.01-40.95 (centiseconds) for VRRP version 3");
        }
        return d;
    }

    private static Family instanceFamily(
            boolean nativeIpv6, List<VirtualAddress> vips, InetAddress source, List<UnicastPeer> peers) {
        if (nativeIpv6) {
            return Family.INET6;
        }
        if (!vips.isEmpty()) {
            return vips.get(0).family();
        }
        if (source != null) {
            return Family.of(source);
        }
        return peers.isEmpty() ? Family.INET : Family.of(peers.get(0).address());
    }

    private static Authentication authentication(BlockReader r, ProblemSink sink) {
        ConfigNode n = r.node("authentication");
        if (n == null) {
            return null;
        }
        BlockReader a = BlockReader.of(n, TABLE.section("authentication"), sink);
        String type = a.choice("auth_type", "PASS");
        String pass = a.word("auth_pass", null);
        if (pass != null && pass.length() > 8) {
            sink.warning(
                    a.node("auth_pass").location(), "auth_pass longer than 8 characters, only the first 8 are used");
        }
        return new Authentication(Origin.at(n.location()), type, pass);
    }

    static NotifyScripts notify(BlockReader r) {
        return new NotifyScripts(
                r.text("notify_master", null),
                r.text("notify_backup", null),
                r.text("notify_fault", null),
                r.text("notify_stop", null),
                // "" for notify_deleted without a script: DELETED is still sent instead of FAULT
                r.has("notify_deleted") ? r.text("notify_deleted", "") : null,
                r.text("notify", null),
                r.text("notify_master_rx_lower_pri", null));
    }

    static Tracking tracking(BlockReader r, ProblemSink sink) {
        return new Tracking(
                refs(r, "track_interface", 253, sink),
                refs(r, "track_script", 253, sink),
                refs(r, "track_file", 254, sink),
                refs(r, "track_process", 254, sink),
                refs(r, "track_bfd", 253, sink));
    }

    private static List<TrackRef> refs(BlockReader r, String keyword, int maxWeight, ProblemSink sink) {
        return parse(r.lines(keyword), line -> Lines.trackRef(line, keyword, maxWeight, sink));
    }

    private List<VirtualAddress> addresses(List<ConfigNode> lines, String block, ProblemSink sink) {
        return parse(lines, line -> AddressLine.parse(line, block, null, ip, sink));
    }

    static <T> List<T> parse(List<ConfigNode> lines, Function<ConfigNode, T> parser) {
        List<T> out = new ArrayList<>(lines.size());
        for (ConfigNode line : lines) {
            T value = parser.apply(line);
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    VrrpScript script(ConfigNode block) {
        String name = block.arg(0).orElse("");
        ProblemSink sink = problems.about("vrrp_script " + name);
        BlockReader r = BlockReader.of(block, TABLE.section("vrrp_script"), sink);
        String script = r.text("script", null);
        if (script == null) {
            sink.warning(block.location(), "script missing, the script is ignored");
        }
        Duration interval = r.duration("interval", Duration.ofSeconds(1));
        int[] weight = Lines.weight(r, "vrrp_script " + name, 253, 0, problems);
        List<String> user = r.words("user");
        return new VrrpScript(
                Origin.at(block.location()),
                name,
                script,
                interval,
                r.duration("timeout", interval),
                weight[0],
                weight[1] == 1,
                r.integer("rise", 1),
                r.integer("fall", 1),
                user.isEmpty() ? null : user.get(0),
                user.size() > 1 ? user.get(1) : null,
                r.flag("init_fail"));
    }

    TrackFile trackFile(ConfigNode block) {
        String name = block.arg(0).orElse("");
        ProblemSink sink = problems.about("track_file " + name);
        BlockReader r = BlockReader.of(block, TABLE.section("track_file"), sink);
        String file = r.text("file", null);
        if (file == null) {
            sink.error(block.location(), "file missing");
        }
        int[] weight = Lines.weight(r, "track_file " + name, 254, 1, problems);
        Integer init = null;
        boolean overwrite = false;
        ConfigNode initNode = r.node("init_file");
        if (initNode != null) {
            init = 0;
            for (String w : Lines.args(initNode)) {
                if (w.equals("overwrite")) {
                    overwrite = true;
                } else if (Numbers.parseLong(w) != null && Math.abs(Numbers.parseLong(w)) <= Integer.MAX_VALUE) {
                    init = Numbers.parseLong(w).intValue();
                } else {
                    sink.error(initNode.location(), "init_file " + w + " is neither a number nor overwrite");
                }
            }
        }
        return new TrackFile(Origin.at(block.location()), name, file, weight[0], weight[1] == 1, init, overwrite);
    }

    TrackProcess trackProcess(ConfigNode block) {
        String name = block.arg(0).orElse("");
        ProblemSink sink = problems.about("vrrp_track_process " + name);
        BlockReader r = BlockReader.of(block, TABLE.section("vrrp_track_process"), sink);
        List<String> process = r.words("process");
        if (process.isEmpty()) {
            sink.error(block.location(), "process missing");
        }
        int[] weight = Lines.weight(r, "vrrp_track_process " + name, 254, 0, problems);
        int quorum = r.integer("quorum", 1);
        int quorumMax = r.integer("quorum_max", 0);
        if (quorumMax != 0 && quorumMax < quorum) {
            sink.error(r.node("quorum_max").location(), "quorum_max " + quorumMax + " is less than quorum " + quorum);
        }
        return new TrackProcess(
                Origin.at(block.location()),
                name,
                process.isEmpty() ? null : process.get(0),
                process.isEmpty() ? List.of() : process.subList(1, process.size()),
                r.choice("param_match", null),
                weight[0],
                weight[1] == 1,
                quorum,
                quorumMax,
                r.duration("delay", Duration.ZERO),
                r.duration("terminate_delay", Duration.ZERO),
                r.duration("fork_delay", Duration.ZERO),
                r.flag("full_command"));
    }

    SyncGroup syncGroup(ConfigNode block) {
        String name = block.arg(0).orElse("");
        ProblemSink sink = problems.about("vrrp_sync_group " + name);
        BlockReader r = BlockReader.of(block, TABLE.section("vrrp_sync_group"), sink);
        List<String> members = names(r.lines("group"));
        if (members.isEmpty()) {
            sink.warning(block.location(), "group has no member instances, the group is ignored");
        }
        return new SyncGroup(
                Origin.at(block.location()),
                name,
                members,
                tracking(r, sink),
                notify(r),
                SmtpAlert.of(r.optionalFlag("smtp_alert")),
                r.flag("sync_group_tracking_weight"),
                r.flag("notify_priority_changes"));
    }

    /** Each line's words are names (several may share a line). */
    static List<String> names(List<ConfigNode> lines) {
        return lines.stream().flatMap(l -> Lines.words(l).stream()).toList();
    }

    /**
     * One garp_group. An interface may pace in one group only (keepalived ignores a second claim; we
     * refuse it at load); a group that sets no interval paces nothing, as in keepalived.
     */
    GarpGroup garpGroup(ConfigNode block) {
        ProblemSink sink = problems.about("garp_group");
        BlockReader r = BlockReader.of(block, TABLE.section("garp_group"), sink);
        List<String> interfaces = new ArrayList<>();
        String single = r.word("interface", null);
        if (single != null) {
            Location at = block.child("interface").map(ConfigNode::location).orElse(block.location());
            claimGarpInterface(single, at, sink, interfaces);
        }
        for (ConfigNode line : r.lines("interfaces")) {
            for (String name : Lines.words(line)) {
                claimGarpInterface(name, line.location(), sink, interfaces);
            }
        }
        if (interfaces.isEmpty()) {
            sink.error(block.location(), "no interface given");
        }
        Duration garp = r.duration("garp_interval", null);
        Duration gna = r.duration("gna_interval", null);
        if (garp == null && gna == null) {
            sink.warning(block.location(), "neither garp_interval nor gna_interval is set, the group paces nothing");
        }
        return new GarpGroup(Origin.at(block.location()), garp, gna, interfaces);
    }

    private void claimGarpInterface(String name, Location at, ProblemSink sink, List<String> interfaces) {
        Location earlier = garpInterfaces.putIfAbsent(name, at);
        if (earlier != null) {
            sink.error(at, "interface " + name + " is already in the garp_group at " + earlier);
        } else {
            interfaces.add(name);
        }
    }

    TrackGroup trackGroup(ConfigNode block) {
        String name = block.arg(0).orElse("");
        BlockReader r = BlockReader.of(block, TABLE.section("track_group"), problems.about("track_group " + name));
        return new TrackGroup(Origin.at(block.location()), name, names(r.lines("group")));
    }

    /**
     * As keepalived's -t: an instance with no interface (and no default_interface), or whose interface
     * this host does not have, is a warning. The check is of the host the file is loaded on; where the
     * daemon runs, a missing interface keeps the instance from starting unless dynamic_interfaces is
     * set (then it waits in FAULT until the link appears).
     */
    private void checkInterface(ConfigNode block, String interfaceName, ProblemSink sink) {
        Optional<ConfigNode> line = block.child("interface");
        if (line.isEmpty()) {
            if (global.defaultInterface() == null) {
                sink.warning(block.location(), "no interface given, " + interfaceName + " assumed");
            }
        } else if (!ip.links().exists(interfaceName)) {
            sink.warning(
                    line.get().location(),
                    "interface " + interfaceName + ": no such interface on this host"
                            + (global.dynamicInterfaces()
                                    ? " (dynamic_interfaces: used once created)"
                                    : " (the instance will not start without it, or set dynamic_interfaces)"));
        }
    }

    /**
     * vrf as keepalived 2.2.7 runs it: beside interface it is ignored with a complaint (the instance
     * works in whatever VRF its interface is enslaved to); without interface 2.2.7's VRRP process stops
     * at start ("Unknown interface!"), so such a file is refused here.
     */
    private static void checkVrf(ConfigNode block, BlockReader r, ProblemSink sink) {
        ConfigNode vrf = r.node("vrf");
        if (vrf == null) {
            return;
        }
        if (block.child("interface").isPresent()) {
            sink.warning(
                    vrf.location(),
                    "vrf is ignored beside interface: the instance runs in the VRF its interface is enslaved to");
        } else {
            sink.error(
                    vrf.location(),
                    "vrf without interface: give the instance an interface enslaved to that VRF"
                            + " (keepalived 2.2.7 does not start such an instance either: \"Unknown interface!\")");
        }
    }

    private static final java.util.regex.Pattern MAC =
            java.util.regex.Pattern.compile("\\p{XDigit}{1,2}(:\\p{XDigit}{1,2}){4,5}");

    /**
     * use_vmac [NAME] [MAC]: the name defaults to vmac_prefix (vrrp unless set) "." VRID; a MAC of
     * five octets gets the VRID as its sixth, as keepalived does. vmac_xmit_base counts only with use_vmac.
     * Strict mode drops a given MAC and vmac_xmit_base with a warning, as keepalived 2.2.7 does.
     */
    private Vmac vmac(ConfigNode block, BlockReader r, int vrid, Family family, boolean strict, ProblemSink sink) {
        if (r.has("use_ipvlan")) {
            if (r.has("use_vmac")) {
                sink.error(r.node("use_ipvlan").location(), "use_ipvlan and use_vmac cannot both be used");
            }
            return ipvlan(r.node("use_ipvlan"), vrid, family, sink);
        }
        if (!r.has("use_vmac")) {
            block.child("vmac_xmit_base")
                    .ifPresent(n -> sink.warning(n.location(), "vmac_xmit_base without use_vmac has no effect"));
            return null;
        }
        String name = null;
        String mac = null;
        ConfigNode line = r.node("use_vmac");
        for (var word : line.args()) {
            String w = word.text();
            if (MAC.matcher(w).matches() && mac == null) {
                String[] octets = w.split(":");
                StringBuilder b = new StringBuilder();
                for (String o : octets) {
                    b.append(b.length() == 0 ? "" : ":").append(String.format("%02x", Integer.parseInt(o, 16)));
                }
                if (octets.length == 5) {
                    b.append(String.format(":%02x", vrid));
                }
                mac = b.toString();
            } else if (name == null && w.length() <= 15 && !w.contains("/") && !w.isBlank()) {
                name = w;
            } else {
                sink.error(
                        word.location(),
                        "use_vmac: '" + w + "' is neither an interface name (1-15 characters)" + " nor a MAC address");
            }
        }
        if (name == null) {
            String prefix = global.settings().get("vmac_prefix");
            name = (prefix != null ? prefix.strip() : "vrrp") + "." + vrid;
        }
        boolean xmitBase = r.flag("vmac_xmit_base");
        if (strict && mac != null) {
            sink.warning(line.location(), "use_vmac: a MAC address cannot be given in strict mode, ignored");
            mac = null;
        }
        if (strict && xmitBase) {
            sink.warning(
                    r.node("vmac_xmit_base").location(), "vmac_xmit_base is incompatible with strict mode, ignored");
            xmitBase = false;
        }
        return new Vmac(name, mac, xmitBase);
    }

    /**
     * use_vmac_addr: a VMAC for every address on another interface than the instance's, or of the other
     * family (keepalived 2.2.7 made one for each, whether or not the instance has use_vmac).
     */
    private static List<VirtualAddress> vmacAddr(List<VirtualAddress> lines, String interfaceName, Family family) {
        return lines.stream()
                .map(a -> (a.device() != null && !a.device().equals(interfaceName)) || a.family() != family
                        ? a.withVmac()
                        : a)
                .toList();
    }

    /**
     * use_ipvlan [NAME] [ADDRESS[/PREFIX]] [bridge|private|vepa]: an L2 ipvlan named as use_vmac's
     * macvlan by default, in bridge mode by default; an IPv4 instance needs the address (keepalived
     * 2.2.7 sends its adverts from it), an IPv6 one falls back to the link-local address.
     */
    private Vmac ipvlan(ConfigNode line, int vrid, Family family, ProblemSink sink) {
        String name = null;
        InetAddress address = null;
        int prefix = -1;
        String mode = null;
        for (var word : line.args()) {
            String w = word.text();
            int slash = w.indexOf('/');
            String host = slash < 0 ? w : w.substring(0, slash);
            if (address == null && IpAddresses.isAddress(host)) {
                address = IpAddresses.parse(host);
                int max = address instanceof java.net.Inet4Address ? 32 : 128;
                try {
                    prefix = slash < 0 ? max : Integer.parseInt(w.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > max) {
                    sink.error(word.location(), "use_ipvlan: invalid prefix length in '" + w + "'");
                    return null;
                }
            } else if (mode == null && (w.equals("bridge") || w.equals("private") || w.equals("vepa"))) {
                mode = w;
            } else if (name == null && address == null && mode == null && w.length() <= 15 && slash < 0) {
                name = w;
            } else {
                sink.error(
                        word.location(),
                        "use_ipvlan: '" + w + "' is neither an interface name (1-15 characters), an address"
                                + " nor bridge, private or vepa");
                return null;
            }
        }
        if (address == null && family != Family.INET6) {
            sink.error(line.location(), "use_ipvlan: an IPv4 instance needs the ipvlan's address");
            return null;
        }
        if (address != null && Family.of(address) != family) {
            sink.error(line.location(), "use_ipvlan: the address is not of the instance's family");
            return null;
        }
        if (name == null) {
            String vmacPrefix = global.settings().get("vmac_prefix");
            name = (vmacPrefix != null ? vmacPrefix.strip() : "vrrp") + "." + vrid;
        }
        return new Vmac(name, null, false, new Ipvlan(address, prefix, mode != null ? mode : "bridge"));
    }

    /** keepalived: a static address without dev goes on default_interface (eth0 when not set). */
    List<VirtualAddress> staticAddresses(ConfigNode block) {
        String device = global.defaultInterface() != null ? global.defaultInterface() : "eth0";
        return parse(block.children(), line -> AddressLine.parse(line, "static_ipaddress", device, ip, problems));
    }

    List<IpRoute> staticRoutes(ConfigNode block) {
        return parse(block.children(), line -> RouteLine.parse(line, "static_routes", ip, problems));
    }

    List<IpRule> staticRules(ConfigNode block) {
        return parse(block.children(), line -> RuleLine.parse(line, "static_rules", ip, problems));
    }

    BfdInstance bfd(ConfigNode block) {
        String name = block.arg(0).orElse("");
        ProblemSink sink = problems.about("bfd_instance " + name);
        BlockReader r = BlockReader.of(block, TABLE.section("bfd_instance"), sink);
        InetAddress neighbor = r.ip("neighbor_ip");
        InetAddress source = r.ip("source_ip");
        if (neighbor == null) {
            sink.error(block.location(), "neighbor_ip missing");
        } else if (source != null && Family.of(source) != Family.of(neighbor)) {
            sink.error(
                    r.node("source_ip").location(),
                    "source_ip " + IpAddresses.format(source) + " and neighbor_ip " + IpAddresses.format(neighbor)
                            + " are of different families");
        }
        int[] weight = Lines.weight(r, "bfd_instance " + name, 253, 0, problems);
        return new BfdInstance(
                Origin.at(block.location()),
                name,
                neighbor,
                source,
                r.duration("min_rx", Duration.ofMillis(10)),
                r.duration("min_tx", Duration.ofMillis(10)),
                r.duration("idle_tx", Duration.ofSeconds(1)),
                r.integer("multiplier", 5),
                r.flag("passive"),
                r.integer("ttl", 255),
                r.integer("hoplimit", 64),
                r.integer("max_hops", 0),
                r.flag("multihop"),
                weight[0],
                weight[1] == 1,
                r.rest());
    }
}
