package org.keepalivedj.snmp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.LvsGlobals;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.SmtpAlert;
import org.keepalivedj.api.model.SorryServer;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.api.model.VirtualServerGroup;
import org.keepalivedj.api.model.VsTarget;

/**
 * KEEPALIVED-MIB's check part (enterprises.9586.100.5.3): virtualServerGroupTable and its members,
 * virtualServerTable, realServerTable, the sync daemon and timeout scalars. States and weights come
 * from the LVS runtime views, what only the config says (scheduler, timings, names) from the running
 * config, the counters from the data plane's statistics. Rows are in config order from 1.
 */
final class CheckMib implements MibSource {

    static final Oid CHECK = KeepalivedMib.ROOT.append(3);
    static final Oid GROUP_TABLE = CHECK.append(1, 1);
    static final Oid GROUP_MEMBER_TABLE = CHECK.append(2, 1);
    static final Oid VIRTUAL_SERVER_TABLE = CHECK.append(3, 1);
    static final Oid REAL_SERVER_TABLE = CHECK.append(4, 1);

    private static final long MICROS = 1_000_000L;
    private static final long ALL_ONES_32 = 0xffffffffL;
    private static final List<String> SCHEDULERS =
            List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos");

    private final MibInputs in;
    /** snmp_vs_stats_update_interval and snmp_rs_stats_update_interval: how long counters are reused. */
    private final PlaneStatistics vsStats;

    private final PlaneStatistics rsStats;

    CheckMib(MibInputs in) {
        this.in = in;
        this.vsStats = new PlaneStatistics(in, "snmp_vs_stats_update_interval");
        this.rsStats = new PlaneStatistics(in, "snmp_rs_stats_update_interval");
    }

    @Override
    public List<Oid> subtrees() {
        return List.of(CHECK);
    }

    @Override
    public void collect(Map<Oid, Value> m) {
        KeepalivedConfig config = in.config().get();
        LvsRuntime lvs = in.lvs().get();
        if (config == null) {
            return;
        }
        groups(m, config);
        if (lvs != null) {
            List<ServiceStatistics> vsCounters = vsStats.get();
            List<ServiceStatistics> rsCounters = rsStats.get();
            int v = 0;
            for (VirtualServerView vs : lvs.virtualServers()) {
                v++;
                VirtualServer model = config.virtualServers().get(vs.key());
                virtualServer(m, v, vs);
                if (model != null) {
                    virtualServerConfig(m, v, model);
                }
                virtualServerStatistics(m, v, total(vsCounters, vs));
                int r = 0;
                if (model != null && model.sorryServer() != null) {
                    r++;
                    SorryServer sorry = model.sorryServer();
                    sorryServer(m, v, r, model);
                    realServerStatistics(m, v, r, destination(rsCounters, vs, sorry.endpoint()));
                }
                for (RealServerView rs : vs.realServers()) {
                    r++;
                    realServer(m, v, r, rs);
                    RealServer rsModel =
                            model == null ? null : model.realServers().get(rs.key());
                    if (rsModel != null) {
                        realServerConfig(m, v, r, model, rsModel, rs);
                        realServerStatistics(m, v, r, destination(rsCounters, vs, rsModel.endpoint()));
                    }
                }
            }
        }
        syncDaemonAndTimeouts(m, config.globalDefs().lvs());
    }

    /** virtualServerGroupTable and its members: a group's fwmarks first, then its addresses and ranges. */
    private static void groups(Map<Oid, Value> m, KeepalivedConfig config) {
        int g = 0;
        for (VirtualServerGroup group : config.virtualServerGroups().values()) {
            g++;
            m.put(GROUP_TABLE.append(2, g), Value.string(group.name()));
            List<VirtualServerGroup.Entry> ordered = new ArrayList<>();
            group.entries().stream().filter(VirtualServerGroup.Entry::isFwmark).forEach(ordered::add);
            group.entries().stream().filter(e -> !e.isFwmark()).forEach(ordered::add);
            int k = 0;
            for (VirtualServerGroup.Entry e : ordered) {
                k++;
                Oid t = GROUP_MEMBER_TABLE;
                if (e.isFwmark()) {
                    m.put(t.append(2, g, k), Value.integer(1));
                    m.put(t.append(3, g, k), Value.gauge32(Integer.toUnsignedLong(e.fwmark())));
                    continue;
                }
                m.put(t.append(4, g, k), Value.integer(e.address() instanceof Inet4Address ? 1 : 2));
                if (e.rangeEnd() < 0) {
                    m.put(t.append(2, g, k), Value.integer(2));
                    m.put(t.append(5, g, k), Value.octets(e.address().getAddress()));
                } else {
                    m.put(t.append(2, g, k), Value.integer(3));
                    m.put(t.append(6, g, k), Value.octets(e.address().getAddress()));
                    m.put(t.append(7, g, k), Value.octets(rangeEnd(e.address(), e.rangeEnd())));
                }
                m.put(t.append(8, g, k), Value.gauge32(e.port()));
            }
        }
    }

    /** The last address of a range: the first with its last byte (IPv4) or 16-bit group (IPv6) replaced. */
    private static byte[] rangeEnd(InetAddress first, int last) {
        byte[] b = first.getAddress();
        if (b.length == 4) {
            b[3] = (byte) last;
        } else {
            b[14] = (byte) (last >> 8);
            b[15] = (byte) last;
        }
        return b;
    }

    /** The virtual server's runtime columns at row {@code v} (row 0: for a trap's objects). */
    static void virtualServerColumns(Map<Oid, Value> m, int v, VirtualServerView vs) {
        virtualServer(m, v, vs);
    }

    /** The real server's runtime columns at row (v, r). */
    static void realServerColumns(Map<Oid, Value> m, int v, int r, RealServerView rs) {
        realServer(m, v, r, rs);
    }

    private static void virtualServer(Map<Oid, Value> m, int v, VirtualServerView vs) {
        Oid t = VIRTUAL_SERVER_TABLE;
        ServiceKey first = vs.services().isEmpty() ? null : vs.services().get(0);
        boolean group = vs.key().startsWith("group ");
        if (group) {
            m.put(t.append(2, v), Value.integer(3));
            m.put(
                    t.append(3, v),
                    Value.string(vs.key()
                            .substring(
                                    6,
                                    vs.key().lastIndexOf('/') > 6
                                            ? vs.key().lastIndexOf('/')
                                            : vs.key().length())));
            // keepalived 2.2.7 gives a group the address type ipv4 whatever its members
            m.put(t.append(5, v), Value.integer(1));
        } else if (first != null && first.isFwmark()) {
            m.put(t.append(2, v), Value.integer(1));
            m.put(t.append(4, v), Value.gauge32(Integer.toUnsignedLong(first.fwmark())));
            m.put(t.append(5, v), Value.integer(first.family() == Family.INET6 ? 2 : 1));
        } else if (first != null) {
            m.put(t.append(2, v), Value.integer(2));
            m.put(t.append(5, v), Value.integer(first.address() instanceof Inet4Address ? 1 : 2));
            m.put(t.append(6, v), Value.octets(first.address().getAddress()));
            m.put(t.append(7, v), Value.gauge32(first.port()));
        }
        if (first != null) {
            m.put(t.append(8, v), Value.integer(protocol(first.protocol())));
        }
        // keepalived 2.2.7 says alive while the sorry server stands in for a lost quorum
        m.put(t.append(11, v), Value.integer(vs.quorumUp() || vs.sorryServerActive() ? 1 : 2));
        m.put(t.append(20, v), Value.gauge32(vs.realServers().size()));
        m.put(
                t.append(21, v),
                Value.gauge32(
                        vs.realServers().stream().filter(RealServerView::up).count()));
        m.put(t.append(22, v), Value.gauge32(vs.quorum()));
        m.put(t.append(23, v), Value.integer(vs.quorumUp() ? 1 : 2));
        m.put(t.append(26, v), Value.gauge32(vs.hysteresis()));
    }

    /** The columns only the config says: scheduler, method, persistence, timings, scripts, name. */
    private static void virtualServerConfig(Map<Oid, Value> m, int v, VirtualServer vs) {
        Oid t = VIRTUAL_SERVER_TABLE;
        m.put(t.append(9, v), Value.integer(scheduler(vs.scheduler())));
        m.put(t.append(10, v), Value.integer(method(vs.method())));
        putString(m, t.append(12, v), vs.virtualhost());
        boolean persistent = vs.persistenceTimeout() != null;
        m.put(t.append(13, v), Value.integer(persistent ? 1 : 2));
        if (persistent) {
            m.put(t.append(14, v), Value.gauge32(vs.persistenceTimeout().toSeconds()));
        }
        // an address server has the granularity of its family; a group or fwmark server both
        // (keepalived 2.2.7 answers all ones for an unset one)
        boolean address = vs.target() instanceof VsTarget.Address;
        boolean v6 = vs.family() == Family.INET6;
        if (!address || !v6) {
            m.put(t.append(15, v), Value.octets(granularity4(vs.persistenceGranularity())));
        }
        if (!address || v6) {
            m.put(t.append(51, v), Value.gauge32(granularity6(vs.persistenceGranularity())));
        }
        CheckTiming timing = vs.timing();
        Duration delayLoop = or(timing.delayLoop(), CheckTiming.DEFAULTS.delayLoop());
        m.put(t.append(16, v), Value.gauge32(delayLoop.toSeconds()));
        m.put(t.append(17, v), Value.truth(vs.haSuspend()));
        m.put(t.append(18, v), Value.integer(vs.alpha() ? 1 : 2));
        m.put(t.append(19, v), Value.integer(vs.omega() ? 1 : 2));
        putString(m, t.append(24, v), vs.quorumUp());
        putString(m, t.append(25, v), vs.quorumDown());
        m.put(t.append(37, v), Value.truth(flag(vs.settings(), "ops")));
        List<String> flags = vs.schedulerFlags();
        m.put(t.append(52, v), Value.truth(flags.contains("sh-flag-1") || flags.contains("flag-1")));
        m.put(t.append(53, v), Value.truth(flags.contains("sh-fallback")));
        m.put(t.append(54, v), Value.truth(flags.contains("sh-port")));
        m.put(t.append(55, v), Value.truth(flags.contains("flag-3")));
        m.put(t.append(56, v), Value.integer(vs.inhibitOnFailure() ? 2 : 1));
        // what the virtual server block itself sets (0 when it leaves it to the real servers)
        m.put(t.append(57, v), Value.gauge32(timing.retry() == null ? 0 : timing.retry()));
        m.put(t.append(58, v), Value.gauge32(seconds(timing.delayBeforeRetry())));
        m.put(t.append(59, v), Value.gauge32(seconds(timing.warmup())));
        m.put(t.append(60, v), Value.integer(weight(vs)));
        m.put(t.append(61, v), Value.integer(vs.smtpAlert() == SmtpAlert.ON ? 1 : 2));
        m.put(t.append(62, v), Value.truth(flags.contains("mh-fallback")));
        m.put(t.append(63, v), Value.truth(flags.contains("mh-port")));
        m.put(t.append(64, v), Value.gauge32(micros(delayLoop)));
        m.put(t.append(65, v), Value.gauge32(micros(timing.delayBeforeRetry())));
        m.put(t.append(66, v), Value.gauge32(micros(timing.warmup())));
        m.put(
                t.append(67, v),
                Value.gauge32(micros(or(timing.connectTimeout(), CheckTiming.DEFAULTS.connectTimeout()))));
        tunnel(m, t, Oid.of(v), 68, vs.method());
        putString(m, t.append(71, v), vs.settings().get("snmp_name"));
    }

    /** The data plane's counters of the virtual server's services, summed (zeros without a plane). */
    private static void virtualServerStatistics(Map<Oid, Value> m, int v, ServiceStatistics.Counters c) {
        Oid t = VIRTUAL_SERVER_TABLE;
        m.put(t.append(27, v), Value.gauge32(c.connections()));
        m.put(t.append(28, v), Value.counter32(c.packetsIn()));
        m.put(t.append(29, v), Value.counter32(c.packetsOut()));
        m.put(t.append(30, v), Value.counter64(c.bytesIn()));
        m.put(t.append(31, v), Value.counter64(c.bytesOut()));
        long[] rates = {c.connectionRate(), c.packetRateIn(), c.packetRateOut(), c.byteRateIn(), c.byteRateOut()};
        for (int i = 0; i < rates.length; i++) {
            m.put(t.append(32 + i, v), Value.gauge32(rates[i]));
            m.put(t.append(41 + 2 * i, v), Value.gauge32(rates[i] & ALL_ONES_32));
            m.put(t.append(42 + 2 * i, v), Value.gauge32(rates[i] >>> 32));
        }
        m.put(t.append(38, v), Value.counter64(c.connections()));
        m.put(t.append(39, v), Value.counter64(c.packetsIn()));
        m.put(t.append(40, v), Value.counter64(c.packetsOut()));
    }

    private static void realServer(Map<Oid, Value> m, int v, int r, RealServerView rs) {
        Oid t = REAL_SERVER_TABLE;
        m.put(t.append(2, v, r), Value.integer(1));
        Endpoint e = endpoint(rs.key());
        if (e != null) {
            m.put(t.append(3, v, r), Value.integer(e.address() instanceof Inet4Address ? 1 : 2));
            m.put(t.append(4, v, r), Value.octets(e.address().getAddress()));
            m.put(t.append(5, v, r), Value.gauge32(e.port()));
        }
        m.put(t.append(6, v, r), Value.integer(rs.up() ? 1 : 2));
        m.put(t.append(7, v, r), Value.integer(rs.weight()));
    }

    /**
     * The sorry server's row, the first of its virtual server's (as keepalived 2.2.7 lists it):
     * realServerType sorry(2), its address and forwarding, and the configuration columns keepalived
     * answers for it with their zero or off values; no status, weight or action when down.
     */
    private static void sorryServer(Map<Oid, Value> m, int v, int r, VirtualServer vs) {
        Oid t = REAL_SERVER_TABLE;
        SorryServer sorry = vs.sorryServer();
        InetAddress address = sorry.endpoint().address();
        m.put(t.append(2, v, r), Value.integer(2));
        m.put(t.append(3, v, r), Value.integer(address instanceof Inet4Address ? 1 : 2));
        m.put(t.append(4, v, r), Value.octets(address.getAddress()));
        m.put(t.append(5, v, r), Value.gauge32(sorry.endpoint().port()));
        ForwardingMethod method = sorry.method() != null ? sorry.method() : vs.method();
        m.put(t.append(40, v, r), Value.integer(method(method)));
        m.put(t.append(42, v, r), Value.integer(2));
        for (int c = 43; c <= 46; c++) {
            m.put(t.append(c, v, r), Value.gauge32(0));
        }
        m.put(t.append(47, v, r), Value.integer(2));
        for (int c = 48; c <= 51; c++) {
            m.put(t.append(c, v, r), Value.gauge32(0));
        }
        tunnel(m, t, Oid.of(v, r), 52, method);
    }

    private static void realServerConfig(
            Map<Oid, Value> m, int v, int r, VirtualServer vs, RealServer rs, RealServerView view) {
        Oid t = REAL_SERVER_TABLE;
        if (rs.upperThreshold() > 0) {
            m.put(t.append(8, v, r), Value.gauge32(rs.upperThreshold()));
        }
        if (rs.lowerThreshold() > 0) {
            m.put(t.append(9, v, r), Value.gauge32(rs.lowerThreshold()));
        }
        m.put(t.append(10, v, r), Value.integer(rs.inhibitOnFailure() ? 2 : 1));
        putString(m, t.append(11, v, r), rs.notifyUp());
        putString(m, t.append(12, v, r), rs.notifyDown());
        m.put(
                t.append(13, v, r),
                Value.gauge32(view.checkers().stream().filter(c -> !c.up()).count()));
        ForwardingMethod method = rs.method() != null ? rs.method() : vs.method();
        m.put(t.append(40, v, r), Value.integer(method(method)));
        putString(m, t.append(41, v, r), rs.virtualhost());
        m.put(t.append(42, v, r), Value.integer(rs.alpha() ? 1 : 2));
        CheckTiming own = rs.timing();
        CheckTiming inherited = own.inherit(vs.timing()).inherit(CheckTiming.DEFAULTS);
        // retry, delay_before_retry and warmup as the real server block sets them (0: not there)
        m.put(t.append(43, v, r), Value.gauge32(own.retry() == null ? 0 : own.retry()));
        m.put(t.append(44, v, r), Value.gauge32(seconds(own.delayBeforeRetry())));
        m.put(t.append(45, v, r), Value.gauge32(seconds(own.warmup())));
        m.put(t.append(46, v, r), Value.gauge32(inherited.delayLoop().toSeconds()));
        // keepalived 2.2.7 says enabled unless the real server turns smtp_alert off
        m.put(t.append(47, v, r), Value.integer(rs.smtpAlert() == SmtpAlert.OFF ? 2 : 1));
        m.put(t.append(48, v, r), Value.gauge32(micros(own.delayBeforeRetry())));
        m.put(t.append(49, v, r), Value.gauge32(micros(own.warmup())));
        m.put(t.append(50, v, r), Value.gauge32(micros(inherited.delayLoop())));
        m.put(t.append(51, v, r), Value.gauge32(micros(inherited.connectTimeout())));
        tunnel(m, t, Oid.of(v, r), 52, method);
        putString(m, t.append(55, v, r), rs.settings().get("snmp_name"));
    }

    private static void realServerStatistics(Map<Oid, Value> m, int v, int r, ServiceStatistics.Counters c) {
        Oid t = REAL_SERVER_TABLE;
        m.put(t.append(14, v, r), Value.gauge32(c.connections()));
        m.put(t.append(15, v, r), Value.gauge32(c.activeConnections()));
        m.put(t.append(16, v, r), Value.gauge32(c.inactiveConnections()));
        // persistent connections: no plane counts them apart
        m.put(t.append(17, v, r), Value.gauge32(0));
        m.put(t.append(18, v, r), Value.counter32(c.packetsIn()));
        m.put(t.append(19, v, r), Value.counter32(c.packetsOut()));
        m.put(t.append(20, v, r), Value.counter64(c.bytesIn()));
        m.put(t.append(21, v, r), Value.counter64(c.bytesOut()));
        long[] rates = {c.connectionRate(), c.packetRateIn(), c.packetRateOut(), c.byteRateIn(), c.byteRateOut()};
        for (int i = 0; i < rates.length; i++) {
            m.put(t.append(22 + i, v, r), Value.gauge32(rates[i]));
            m.put(t.append(30 + 2 * i, v, r), Value.gauge32(rates[i] & ALL_ONES_32));
            m.put(t.append(31 + 2 * i, v, r), Value.gauge32(rates[i] >>> 32));
        }
        m.put(t.append(27, v, r), Value.counter64(c.connections()));
        m.put(t.append(28, v, r), Value.counter64(c.packetsIn()));
        m.put(t.append(29, v, r), Value.counter64(c.packetsOut()));
    }

    /** lvsSyncDaemonEnabled (and the daemon's interface, instance and id when set); lvsTimeouts when set. */
    private static void syncDaemonAndTimeouts(Map<Oid, Value> m, LvsGlobals lvs) {
        LvsGlobals.SyncDaemon d = lvs.syncDaemon();
        Oid sync = CHECK.append(6);
        m.put(sync.append(1, 0), Value.integer(d != null ? 1 : 2));
        if (d != null) {
            m.put(sync.append(2, 0), Value.string(d.interfaceName()));
            putString(m, sync.append(3, 0), d.instance());
            if (d.syncId() != null) {
                m.put(sync.append(4, 0), Value.integer(d.syncId()));
            }
        }
        LvsGlobals.Timeouts timeouts = lvs.timeouts();
        if (timeouts != null) {
            Oid t = CHECK.append(7);
            int[] values = {timeouts.tcp(), timeouts.tcpFin(), timeouts.udp()};
            for (int i = 0; i < values.length; i++) {
                if (values[i] > 0) {
                    m.put(t.append(i + 1, 0), Value.integer(values[i]));
                }
            }
        }
    }

    /** The TUN options (type, port, checksum) at columns first, first+1, first+2; nothing for NAT or DR. */
    private static void tunnel(Map<Oid, Value> m, Oid table, Oid row, int first, ForwardingMethod method) {
        if (method == null || method.kind() != ForwardingMethod.Kind.TUN) {
            return;
        }
        List<String> o = method.tunnelOptions();
        int type = o.contains("gue") ? 2 : o.contains("gre") ? 3 : 1;
        m.put(table.append(first).append(row), Value.integer(type));
        int port = o.indexOf("port");
        if (port >= 0 && port + 1 < o.size() && o.get(port + 1).matches("\\d{1,5}")) {
            m.put(table.append(first + 1).append(row), Value.gauge32(Integer.parseInt(o.get(port + 1))));
        }
        int csum = o.contains("csum") ? 2 : o.contains("remcsum") ? 3 : 1;
        m.put(table.append(first + 2).append(row), Value.integer(csum));
    }

    /** The sum of the plane's totals over the virtual server's services. */
    private static ServiceStatistics.Counters total(List<ServiceStatistics> all, VirtualServerView vs) {
        List<ServiceStatistics.Counters> mine = new ArrayList<>();
        for (ServiceStatistics s : all) {
            if (vs.services().contains(s.key())) {
                mine.add(s.total());
            }
        }
        return sum(mine);
    }

    /** The sum of one real server's counters over the virtual server's services (port 0 under a fwmark). */
    private static ServiceStatistics.Counters destination(
            List<ServiceStatistics> all, VirtualServerView vs, org.keepalivedj.api.model.Endpoint server) {
        List<ServiceStatistics.Counters> mine = new ArrayList<>();
        for (ServiceStatistics s : all) {
            if (!vs.services().contains(s.key())) {
                continue;
            }
            s.destinations().forEach((key, counters) -> {
                Endpoint e = endpoint(key);
                if (e != null && e.address().equals(server.address()) && (e.port() == server.port() || e.port() == 0)) {
                    mine.add(counters);
                }
            });
        }
        return sum(mine);
    }

    private static ServiceStatistics.Counters sum(List<ServiceStatistics.Counters> list) {
        long[] s = new long[12];
        for (ServiceStatistics.Counters c : list) {
            long[] v = {
                c.connections(),
                c.packetsIn(),
                c.packetsOut(),
                c.bytesIn(),
                c.bytesOut(),
                c.activeConnections(),
                c.inactiveConnections(),
                c.connectionRate(),
                c.packetRateIn(),
                c.packetRateOut(),
                c.byteRateIn(),
                c.byteRateOut()
            };
            for (int i = 0; i < s.length; i++) {
                s[i] += v[i];
            }
        }
        return new ServiceStatistics.Counters(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11]);
    }

    private static int scheduler(String name) {
        int i = name == null ? -1 : SCHEDULERS.indexOf(name.toLowerCase(Locale.ROOT));
        return i < 0 ? 99 : i + 1;
    }

    private static int method(ForwardingMethod m) {
        if (m == null) {
            return 1;
        }
        return switch (m.kind()) {
            case NAT -> 1;
            case DR -> 2;
            case TUN -> 3;
        };
    }

    private static int protocol(Protocol p) {
        return switch (p.keyword().toLowerCase(Locale.ROOT)) {
            case "tcp" -> 1;
            case "udp" -> 2;
            case "sctp" -> 3;
            default -> 4;
        };
    }

    /** keepalived's virtual server weight (the default of its real servers' weight): 1 unless set. */
    private static int weight(VirtualServer vs) {
        String w = vs.settings().get("weight");
        return w != null && w.matches("\\d{1,9}") ? Integer.parseInt(w) : 1;
    }

    private static byte[] granularity4(String mask) {
        if (mask != null && mask.matches("[0-9.]+")) {
            try {
                return InetAddress.getByName(mask).getAddress();
            } catch (java.net.UnknownHostException e) {
                // not a dotted quad: the default below
            }
        }
        return new byte[] {-1, -1, -1, -1};
    }

    private static long granularity6(String prefix) {
        return prefix != null && prefix.matches("\\d{1,3}") ? Long.parseLong(prefix) : ALL_ONES_32;
    }

    private static boolean flag(org.keepalivedj.api.model.Settings s, String keyword) {
        return s != null && Boolean.TRUE.equals(s.flag(keyword));
    }

    private static Duration or(Duration d, Duration fallback) {
        return d != null ? d : fallback;
    }

    private static long seconds(Duration d) {
        return d == null ? 0 : d.toSeconds();
    }

    private static long micros(Duration d) {
        return d == null ? 0 : d.toNanos() / 1000;
    }

    private static void putString(Map<Oid, Value> m, Oid oid, String s) {
        if (s != null && !s.isEmpty()) {
            m.put(oid, Value.string(s));
        }
    }

    private record Endpoint(InetAddress address, int port) {}

    /**
     * The address and port of a real server's key ({@code 10.0.0.2:80}, {@code [2001:db8::2]:80}),
     * which the view writes from the parsed model; null for another form.
     */
    private static Endpoint endpoint(String key) {
        int colon = key.lastIndexOf(':');
        if (colon <= 0 || !key.substring(colon + 1).matches("\\d{1,5}")) {
            return null;
        }
        String host = key.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return new Endpoint(InetAddress.getByName(host), Integer.parseInt(key.substring(colon + 1)));
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
