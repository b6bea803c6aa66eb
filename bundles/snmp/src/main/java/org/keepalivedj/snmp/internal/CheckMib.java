package org.keepalivedj.snmp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.Protocol;

/**
 * KEEPALIVED-MIB's check part (enterprises.9586.100.5.3): the main columns of virtualServerTable
 * and realServerTable, from the LVS runtime views. Rows are in config order from 1.
 */
final class CheckMib implements MibSource {

    static final Oid CHECK = KeepalivedMib.ROOT.append(3);
    static final Oid VIRTUAL_SERVER_TABLE = CHECK.append(3, 1);
    static final Oid REAL_SERVER_TABLE = CHECK.append(4, 1);

    private final MibInputs in;

    CheckMib(MibInputs in) {
        this.in = in;
    }

    @Override
    public List<Oid> subtrees() {
        return List.of(CHECK);
    }

    @Override
    public void collect(Map<Oid, Value> m) {
        LvsRuntime lvs = in.lvs().get();
        if (lvs == null) {
            return;
        }
        int v = 0;
        for (VirtualServerView vs : lvs.virtualServers()) {
            v++;
            virtualServer(m, v, vs);
            int r = 0;
            for (RealServerView rs : vs.realServers()) {
                r++;
                realServer(m, v, r, rs);
            }
        }
    }

    /** The virtual server's columns at row {@code v} (row 0: for a trap's objects). */
    static void virtualServerColumns(Map<Oid, Value> m, int v, VirtualServerView vs) {
        virtualServer(m, v, vs);
    }

    /** The real server's columns at row (v, r). */
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
        } else if (first != null && first.isFwmark()) {
            m.put(t.append(2, v), Value.integer(1));
            m.put(t.append(4, v), Value.gauge32(first.fwmark()));
        } else if (first != null) {
            m.put(t.append(2, v), Value.integer(2));
            m.put(t.append(5, v), Value.integer(first.address() instanceof Inet4Address ? 1 : 2));
            m.put(t.append(6, v), Value.octets(first.address().getAddress()));
            m.put(t.append(7, v), Value.gauge32(first.port()));
        }
        if (first != null) {
            m.put(t.append(8, v), Value.integer(protocol(first.protocol())));
        }
        m.put(t.append(11, v), Value.integer(vs.quorumUp() ? 1 : 2));
        m.put(t.append(20, v), Value.gauge32(vs.realServers().size()));
        m.put(
                t.append(21, v),
                Value.gauge32(
                        vs.realServers().stream().filter(RealServerView::up).count()));
        m.put(t.append(22, v), Value.gauge32(vs.quorum()));
        m.put(t.append(23, v), Value.integer(vs.quorumUp() ? 1 : 2));
        m.put(t.append(26, v), Value.gauge32(vs.hysteresis()));
    }

    private static int protocol(Protocol p) {
        return switch (p.keyword().toLowerCase(java.util.Locale.ROOT)) {
            case "tcp" -> 1;
            case "udp" -> 2;
            case "sctp" -> 3;
            default -> 4;
        };
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
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
