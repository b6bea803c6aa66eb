package org.keepalivedj.snmp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.NotifyScripts;
import org.keepalivedj.api.model.SmtpAlert;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.VirtualAddress;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

/**
 * KEEPALIVED-MIB (enterprises.9586.100.5, the file keepalived's package ships): the global scalars
 * and the VRRP part (sync groups, their members, instances, virtual addresses); the check part is
 * {@link CheckMib}.
 */
final class KeepalivedMib implements MibSource {

    static final Oid ROOT = Oid.parse("1.3.6.1.4.1.9586.100.5");
    static final Oid GLOBAL = ROOT.append(1);
    static final Oid VRRP = ROOT.append(2);
    static final Oid SYNC_GROUP_TABLE = VRRP.append(1, 1);
    static final Oid SYNC_GROUP_MEMBER_TABLE = VRRP.append(2, 1);
    static final Oid INSTANCE_TABLE = VRRP.append(3, 1);
    static final Oid ADDRESS_TABLE = VRRP.append(6, 1);

    private static final byte[] NO_IPV4 = new byte[4];

    private final MibInputs in;
    private final boolean traps;
    private final boolean vrrpPart;

    /** The global scalars, and the VRRP part when {@code vrrpPart} (enable_snmp_vrrp). */
    KeepalivedMib(MibInputs in, boolean traps, boolean vrrpPart) {
        this.in = in;
        this.traps = traps;
        this.vrrpPart = vrrpPart;
    }

    @Override
    public List<Oid> subtrees() {
        return vrrpPart ? List.of(GLOBAL, VRRP) : List.of(GLOBAL);
    }

    @Override
    public void collect(Map<Oid, Value> into) {
        KeepalivedConfig config = in.config().get();
        if (config != null) {
            global(into, config.globalDefs());
        }
        VrrpRuntime vrrp = in.vrrp().get();
        if (vrrpPart && vrrp != null && config != null) {
            vrrp(into, vrrp, config);
        }
    }

    private void global(Map<Oid, Value> m, GlobalDefs g) {
        Daemon daemon = in.daemon().get();
        m.put(GLOBAL.append(1, 0), Value.string("keepalived-j " + (daemon != null ? daemon.version() : "")));
        m.put(GLOBAL.append(2, 0), Value.string(g.routerId() != null ? g.routerId() : ""));
        Oid mail = GLOBAL.append(3);
        // keepalived reports an unset SMTP server as address type 2 with four zero bytes: said the same way
        InetAddress smtp = smtpAddress(g.smtpServer());
        m.put(mail.append(1, 0), Value.integer(smtp == null ? 2 : smtp instanceof Inet4Address ? 1 : 2));
        m.put(mail.append(2, 0), Value.octets(smtp == null ? NO_IPV4 : smtp.getAddress()));
        m.put(
                mail.append(3, 0),
                Value.gauge32(
                        smtp == null || g.smtpConnectTimeout() == null
                                ? 0
                                : g.smtpConnectTimeout().toSeconds()));
        if (g.notificationEmailFrom() != null && !g.notificationEmailFrom().isEmpty()) {
            m.put(mail.append(4, 0), Value.string(g.notificationEmailFrom()));
        }
        for (int i = 0; i < g.notificationEmails().size(); i++) {
            m.put(
                    mail.append(5, 1, 2, i + 1),
                    Value.string(g.notificationEmails().get(i)));
        }
        m.put(mail.append(6, 0), Value.gauge32(smtp == null ? 0 : smtpPort(g.smtpServer())));
        m.put(mail.append(7, 0), Value.integer(1));
        m.put(mail.append(8, 0), Value.integer(alert(g.smtpAlert())));
        m.put(mail.append(9, 0), Value.integer(alert(g.smtpAlertVrrp())));
        m.put(mail.append(10, 0), Value.integer(alert(g.smtpAlertChecker())));
        m.put(GLOBAL.append(4, 0), Value.integer(traps ? 1 : 2));
        // link state always comes from netlink events here
        m.put(GLOBAL.append(5, 0), Value.integer(1));
        m.put(GLOBAL.append(6, 0), Value.integer(flag(g, "lvs_flush") ? 1 : 2));
        m.put(GLOBAL.append(7, 0), Value.truth(true));
        m.put(GLOBAL.append(8, 0), Value.string(""));
        m.put(GLOBAL.append(9, 0), Value.truth(false));
        m.put(GLOBAL.append(10, 0), Value.truth(g.dynamicInterfaces()));
        m.put(GLOBAL.append(11, 0), Value.integer(flag(g, "lvs_flush_onstop") ? 1 : 2));
    }

    private static boolean flag(GlobalDefs g, String keyword) {
        return Boolean.TRUE.equals(g.settings().flag(keyword));
    }

    private static int alert(SmtpAlert a) {
        return a == SmtpAlert.ON ? 1 : a == SmtpAlert.OFF ? 2 : 3;
    }

    /** smtp_server is {@code ADDRESS [PORT]}: the address when it is a literal, else null. */
    private static InetAddress smtpAddress(String server) {
        if (server == null || server.isBlank()) {
            return null;
        }
        String host = server.strip().split("\\s+")[0];
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static int smtpPort(String server) {
        String[] words = server.strip().split("\\s+");
        return words.length > 1 && words[1].matches("\\d{1,5}") ? Integer.parseInt(words[1]) : 25;
    }

    private void vrrp(Map<Oid, Value> m, VrrpRuntime runtime, KeepalivedConfig config) {
        List<VrrpInstanceView> instances = runtime.instances();
        List<String> names = new ArrayList<>();
        instances.forEach(i -> names.add(i.name()));

        int g = 0;
        for (Map.Entry<String, List<String>> e : runtime.syncGroups().entrySet()) {
            g++;
            SyncGroup group = config.syncGroups().get(e.getKey());
            Oid t = SYNC_GROUP_TABLE;
            m.put(t.append(2, g), Value.string(e.getKey()));
            m.put(t.append(3, g), Value.integer(stateCode(groupState(runtime, e.getValue()))));
            m.put(t.append(4, g), Value.integer(group != null && group.smtpAlert() == SmtpAlert.ON ? 1 : 2));
            NotifyScripts scripts = group != null ? group.notifyScripts() : null;
            m.put(t.append(5, g), Value.integer(hasScript(scripts) ? 1 : 2));
            if (scripts != null) {
                putScript(m, t.append(6, g), scripts.master());
                putScript(m, t.append(7, g), scripts.backup());
                putScript(m, t.append(8, g), scripts.fault());
                putScript(m, t.append(9, g), scripts.any());
            }
            m.put(t.append(10, g), Value.integer(group != null && group.trackingWeight() ? 1 : 2));
            if (scripts != null) {
                putScript(m, t.append(11, g), scripts.stop());
            }
            if (group != null) {
                VrrpTrackingTables.syncGroup(m, g, group, config);
            }
            int k = 0;
            for (String member : e.getValue()) {
                k++;
                m.put(SYNC_GROUP_MEMBER_TABLE.append(2, g, k), Value.string(member));
            }
        }

        int i = 0;
        for (VrrpInstanceView v : instances) {
            i++;
            VrrpInstance model = config.vrrpInstances().get(v.name());
            if (model == null) {
                continue;
            }
            String groupName = groupOf(runtime, v.name());
            instance(m, i, v, model, groupName);
            VrrpTrackingTables.instance(
                    m, i, model, groupName == null ? null : config.syncGroups().get(groupName), config);
            Interfaces.Info itf = in.itf(v.interfaceName());
            int a = 0;
            for (VirtualAddress va : model.virtualAddresses()) {
                a++;
                address(m, i, a, v, model, va, itf);
            }
            routesAndRules(m, i, model.virtualRoutes(), model.virtualRules(), v.state() == InstanceState.MASTER);
        }
        // static addresses, routes and rules: instance index 0, always set
        int a = 0;
        for (VirtualAddress sa : config.staticAddresses()) {
            a++;
            staticAddress(m, a, sa);
        }
        routesAndRules(m, 0, config.staticRoutes(), config.staticRules(), true);
        VrrpTrackingTables.scripts(m, config, runtime.scriptStatuses());
        VrrpTrackingTables.files(m, config, runtime.trackFileValues());
        BfdRuntime bfd = in.bfd().get();
        VrrpTrackingTables.bfds(m, config, bfd == null ? List.of() : bfd.sessions());
        VrrpTrackingTables.processes(m, config, runtime.trackProcessStatuses());
    }

    private void routesAndRules(Map<Oid, Value> m, int owner, List<IpRoute> routes, List<IpRule> rules, boolean set) {
        int k = 0;
        for (IpRoute r : routes) {
            k++;
            VrrpTrackingTables.route(m, owner, k, r, set, r.device() == null ? null : in.itf(r.device()));
        }
        k = 0;
        for (IpRule r : rules) {
            k++;
            VrrpTrackingTables.rule(m, owner, k, r, set);
        }
    }

    private void instance(Map<Oid, Value> m, int i, VrrpInstanceView v, VrrpInstance model, String group) {
        Oid t = INSTANCE_TABLE;
        InstanceState state = v.state();
        m.put(t.append(2, i), Value.string(v.name()));
        m.put(t.append(3, i), Value.gauge32(v.virtualRouterId()));
        m.put(t.append(4, i), Value.integer(stateCode(state)));
        m.put(
                t.append(5, i),
                Value.integer(model.initialState() == org.keepalivedj.api.model.VrrpState.MASTER ? 2 : 1));
        // keepalived's wanted state is the state it is heading for: the current one once settled
        InstanceState wanted = state == InstanceState.MASTER || state == InstanceState.BACKUP ? state : v.wantedState();
        m.put(t.append(6, i), Value.integer(stateCode(wanted)));
        m.put(t.append(7, i), Value.integer(v.basePriority()));
        m.put(t.append(8, i), Value.integer(v.effectivePriority()));
        m.put(t.append(9, i), Value.integer(state == InstanceState.MASTER ? 1 : 2));
        m.put(t.append(10, i), Value.string(v.interfaceName() != null ? v.interfaceName() : ""));
        // keepalived 2.2.7 says tracked(1) when the instance's own block has track_interface lines
        // (a sync group's do not count), whatever dont_track_primary says
        boolean tracksInterfaces =
                model.tracking() != null && !model.tracking().interfaces().isEmpty();
        m.put(t.append(11, i), Value.integer(tracksInterfaces ? 1 : 2));
        long advertMillis = v.advertInterval().toMillis();
        m.put(t.append(12, i), Value.gauge32(v.version() == 2 ? advertMillis / 1000 : advertMillis / 10));
        m.put(t.append(13, i), Value.integer(model.nopreempt() ? 2 : 1));
        m.put(
                t.append(14, i),
                Value.gauge32(
                        model.preemptDelay() == null ? 0 : model.preemptDelay().toSeconds()));
        m.put(t.append(15, i), Value.integer(authType(model)));
        m.put(t.append(16, i), Value.integer(2));
        if (group != null) {
            m.put(t.append(18, i), Value.string(group));
        }
        m.put(
                t.append(19, i),
                Value.gauge32(
                        model.garp() == null || model.garp().masterDelay() == null
                                ? 5
                                : model.garp().masterDelay().toSeconds()));
        m.put(t.append(20, i), Value.integer(model.smtpAlert() == SmtpAlert.ON ? 1 : 2));
        NotifyScripts scripts = model.notifyScripts();
        m.put(t.append(21, i), Value.integer(hasScript(scripts) ? 1 : 2));
        if (scripts != null) {
            putScript(m, t.append(22, i), scripts.master());
            putScript(m, t.append(23, i), scripts.backup());
            putScript(m, t.append(24, i), scripts.fault());
            putScript(m, t.append(25, i), scripts.stop());
            putScript(m, t.append(26, i), scripts.any());
        }
        // keepalived says 0 for a VRRPv2 instance (accept mode is a VRRPv3 notion)
        m.put(t.append(27, i), Value.integer(v.version() == 2 ? 0 : accepts(model) ? 1 : 2));
        m.put(t.append(28, i), Value.integer(flag(model, "promote_secondaries") ? 1 : 2));
        m.put(t.append(29, i), Value.integer(flag(model, "use_linkbeat") ? 1 : 2));
        m.put(t.append(30, i), Value.integer(v.version()));
        if (scripts != null) {
            putScript(m, t.append(31, i), scripts.masterRxLowerPri());
            putScript(m, t.append(32, i), scripts.deleted());
        }
        m.put(t.append(33, i), Value.integer(scripts != null && scripts.deleted() != null ? 1 : 2));
        if (!model.unicast()) {
            InetAddress group4 = model.multicastGroup();
            if (group4 == null) {
                group4 = defaultGroup(model);
            }
            m.put(t.append(34, i), Value.integer(group4 instanceof Inet4Address ? 1 : 2));
            m.put(t.append(35, i), Value.octets(group4.getAddress()));
        }
    }

    private InetAddress defaultGroup(VrrpInstance model) {
        KeepalivedConfig config = in.config().get();
        GlobalDefs g = config != null ? config.globalDefs() : null;
        boolean v6 = model.family() == org.keepalivedj.api.model.Family.INET6;
        InetAddress configured = g == null ? null : v6 ? g.vrrpMcastGroup6() : g.vrrpMcastGroup4();
        if (configured != null) {
            return configured;
        }
        try {
            return InetAddress.getByName(v6 ? "ff02::12" : "224.0.0.18");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean flag(VrrpInstance model, String keyword) {
        return model.settings() != null && Boolean.TRUE.equals(model.settings().flag(keyword));
    }

    /** keepalived accepts unless no_accept is given, or strict mode and not the owner. */
    private static boolean accepts(VrrpInstance model) {
        if (model.accept() != null) {
            return model.accept();
        }
        return model.priority() == 255 || !flag(model, "strict_mode");
    }

    private static int authType(VrrpInstance model) {
        if (model.authentication() == null || model.authentication().type() == null) {
            return 0;
        }
        return "PASS".equalsIgnoreCase(model.authentication().type()) ? 1 : 2;
    }

    private void address(
            Map<Oid, Value> m,
            int i,
            int a,
            VrrpInstanceView v,
            VrrpInstance model,
            VirtualAddress va,
            Interfaces.Info itf) {
        Oid t = ADDRESS_TABLE;
        boolean v4 = va.address().address() instanceof Inet4Address;
        m.put(t.append(2, i, a), Value.integer(v4 ? 1 : 2));
        m.put(t.append(3, i, a), Value.octets(va.address().address().getAddress()));
        if (v4) {
            m.put(
                    t.append(4, i, a),
                    Value.octets(va.broadcast() != null ? va.broadcast().getAddress() : NO_IPV4));
        }
        m.put(t.append(5, i, a), Value.gauge32(va.address().length()));
        m.put(t.append(6, i, a), Value.integer(scope(va.scope())));
        String device = va.device() != null ? va.device() : v.interfaceName();
        Interfaces.Info dev = device != null && device.equals(v.interfaceName()) ? itf : in.itf(device);
        m.put(t.append(7, i, a), Value.integer(dev.index()));
        m.put(t.append(8, i, a), Value.string(device != null ? device : ""));
        if (va.label() != null) {
            m.put(t.append(9, i, a), Value.string(va.label()));
        }
        m.put(t.append(10, i, a), Value.integer(v.state() == InstanceState.MASTER ? 1 : 2));
        // every virtual address goes into the adverts
        m.put(t.append(11, i, a), Value.integer(1));
    }

    /** A static_ipaddress row (instance index 0): set, and not advertised. */
    private void staticAddress(Map<Oid, Value> m, int a, VirtualAddress sa) {
        Oid t = ADDRESS_TABLE;
        boolean v4 = sa.address().address() instanceof Inet4Address;
        m.put(t.append(2, 0, a), Value.integer(v4 ? 1 : 2));
        m.put(t.append(3, 0, a), Value.octets(sa.address().address().getAddress()));
        if (v4) {
            m.put(
                    t.append(4, 0, a),
                    Value.octets(sa.broadcast() != null ? sa.broadcast().getAddress() : NO_IPV4));
        }
        m.put(t.append(5, 0, a), Value.gauge32(sa.address().length()));
        m.put(t.append(6, 0, a), Value.integer(scope(sa.scope())));
        if (sa.device() != null) {
            m.put(t.append(7, 0, a), Value.integer(in.itf(sa.device()).index()));
            m.put(t.append(8, 0, a), Value.string(sa.device()));
        }
        if (sa.label() != null) {
            m.put(t.append(9, 0, a), Value.string(sa.label()));
        }
        m.put(t.append(10, 0, a), Value.integer(1));
        m.put(t.append(11, 0, a), Value.integer(2));
    }

    /** InetScopeType (RFC 4001) of a kernel address scope. */
    static int scope(AddressScope s) {
        if (s.equals(AddressScope.HOST)) {
            return 1;
        }
        if (s.equals(AddressScope.LINK)) {
            return 2;
        }
        if (s.equals(AddressScope.SITE)) {
            return 5;
        }
        return 14;
    }

    private static boolean hasScript(NotifyScripts s) {
        return s != null
                && (s.master() != null
                        || s.backup() != null
                        || s.fault() != null
                        || s.stop() != null
                        || s.any() != null
                        || s.deleted() != null
                        || s.masterRxLowerPri() != null);
    }

    private static void putScript(Map<Oid, Value> m, Oid oid, String script) {
        if (script != null) {
            m.put(oid, Value.string(script));
        }
    }

    private static String groupOf(VrrpRuntime runtime, String instance) {
        for (Map.Entry<String, List<String>> e : runtime.syncGroups().entrySet()) {
            if (e.getValue().contains(instance)) {
                return e.getKey();
            }
        }
        return null;
    }

    private static InstanceState groupState(VrrpRuntime runtime, List<String> members) {
        List<InstanceState> states = new ArrayList<>();
        for (String name : members) {
            states.add(runtime.instance(name).map(VrrpInstanceView::state).orElse(InstanceState.INIT));
        }
        return groupState(states);
    }

    /**
     * A sync group's state from its members': FAULT when one is, MASTER when all are, INIT while all
     * are starting, else BACKUP.
     */
    static InstanceState groupState(List<InstanceState> members) {
        if (members.contains(InstanceState.FAULT)) {
            return InstanceState.FAULT;
        }
        if (!members.isEmpty() && members.stream().allMatch(InstanceState.MASTER::equals)) {
            return InstanceState.MASTER;
        }
        if (members.stream().allMatch(InstanceState.INIT::equals)) {
            return InstanceState.INIT;
        }
        return InstanceState.BACKUP;
    }

    /** KEEPALIVED-MIB's VrrpState. */
    static int stateCode(InstanceState s) {
        return switch (s) {
            case INIT -> 0;
            case BACKUP -> 1;
            case MASTER -> 2;
            case FAULT -> 3;
            case STOP -> 5;
        };
    }
}
