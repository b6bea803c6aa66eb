package org.keepalivedj.snmp.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SNMP sets, in AgentX's four steps (RFC 2741 7.2.4): TestSet checks every varbind and keeps what to
 * do, CommitSet does it, UndoSet puts the old values back, CleanupSet forgets. Two objects are
 * writable: KEEPALIVED-MIB's vrrpInstanceBasePriority, which becomes the instance's priority
 * override, and realServerWeight, which becomes the real server's operator weight; both are the
 * same operations as the JMX and console ones. Who may set is snmpd's access control (a read-write
 * community or VACM view); everything else is notWritable.
 */
final class Sets {

    private static final Logger LOG = LoggerFactory.getLogger(Sets.class);
    private static final Oid BASE_PRIORITY = KeepalivedMib.INSTANCE_TABLE.append(7);
    private static final Oid REAL_SERVER_WEIGHT = CheckMib.REAL_SERVER_TABLE.append(7);
    /** The largest weight IPVS takes (and the real server view accepts). */
    static final int MAX_WEIGHT = 65535;

    /** One accepted change: what it does, and how to put the old value back. */
    private record Change(String description, Runnable apply, Runnable undo) {}

    /** The result of a TestSet: res.error and res.index (1-based varbind, 0 when no error). */
    record Outcome(int error, int index) {}

    private final MibInputs in;
    private final boolean vrrpWritable;
    private final boolean checkWritable;
    /** Changes tested per transaction, until commit/undo/cleanup (event loop thread only). */
    private final Map<Integer, List<Change>> tested = new HashMap<>();

    /** vrrpWritable: enable_snmp_vrrp is on; checkWritable: enable_snmp_checker is on. */
    Sets(MibInputs in, boolean vrrpWritable, boolean checkWritable) {
        this.in = in;
        this.vrrpWritable = vrrpWritable;
        this.checkWritable = checkWritable;
    }

    Outcome test(int transaction, List<VarBind> varBinds) {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < varBinds.size(); i++) {
            VarBind vb = varBinds.get(i);
            int error;
            if (vrrpWritable && isColumn(vb.name(), BASE_PRIORITY, 1)) {
                error = testBasePriority(vb, changes);
            } else if (checkWritable && isColumn(vb.name(), REAL_SERVER_WEIGHT, 2)) {
                error = testWeight(vb, changes);
            } else {
                error = Pdu.NOT_WRITABLE;
            }
            if (error != Pdu.NO_ERROR) {
                return new Outcome(error, i + 1);
            }
        }
        tested.put(transaction, changes);
        return new Outcome(Pdu.NO_ERROR, 0);
    }

    private static boolean isColumn(Oid name, Oid column, int indexes) {
        return name.startsWith(column) && name.size() == column.size() + indexes;
    }

    private int testBasePriority(VarBind vb, List<Change> changes) {
        Oid name = vb.name();
        VrrpInstanceView view = instance((int) name.get(name.size() - 1));
        VrrpInstance model = view == null ? null : model(view);
        if (view == null || model == null) {
            return Pdu.NOT_WRITABLE;
        }
        if (vb.value().type() != Value.INTEGER) {
            return Pdu.WRONG_TYPE;
        }
        long priority = vb.value().number();
        // 255 belongs to the address owner and is never set; an owner's priority cannot change
        if (priority < 1 || priority > 254 || model.priority() == 255) {
            return Pdu.WRONG_VALUE;
        }
        int configured = model.priority();
        int before = view.basePriority();
        int after = (int) priority;
        changes.add(new Change(
                "VRRP instance " + view.name() + " base priority " + before + " -> " + after,
                () -> view.setPriorityOverride(after),
                () -> {
                    if (before == configured) {
                        view.clearPriorityOverride();
                    } else {
                        view.setPriorityOverride(before);
                    }
                }));
        return Pdu.NO_ERROR;
    }

    private int testWeight(VarBind vb, List<Change> changes) {
        Oid name = vb.name();
        Row row = realServer((int) name.get(name.size() - 2), (int) name.get(name.size() - 1));
        if (row == null) {
            return Pdu.NO_CREATION;
        }
        RealServerView rs = row.server();
        if (rs == null) {
            // the sorry server's row has no weight column
            return Pdu.NOT_WRITABLE;
        }
        if (vb.value().type() != Value.INTEGER) {
            return Pdu.WRONG_TYPE;
        }
        long weight = vb.value().number();
        if (weight < 0 || weight > MAX_WEIGHT) {
            return Pdu.WRONG_VALUE;
        }
        int before = rs.weight();
        int after = (int) weight;
        changes.add(new Change(
                "real server " + rs.key() + " of " + rs.virtualServerKey() + " weight " + before + " -> " + after,
                () -> rs.setWeight(after),
                () -> rs.setWeight(before)));
        return Pdu.NO_ERROR;
    }

    int commit(int transaction) {
        for (Change c : tested.getOrDefault(transaction, List.of())) {
            LOG.info("SNMP set: {}", c.description());
            c.apply().run();
        }
        return Pdu.NO_ERROR;
    }

    int undo(int transaction) {
        for (Change c : tested.getOrDefault(transaction, List.of())) {
            c.undo().run();
        }
        return Pdu.NO_ERROR;
    }

    void cleanup(int transaction) {
        tested.remove(transaction);
    }

    /** The instance at this KEEPALIVED-MIB index (config order from 1). */
    private VrrpInstanceView instance(int index) {
        VrrpRuntime runtime = in.vrrp().get();
        if (runtime == null) {
            return null;
        }
        List<VrrpInstanceView> all = runtime.instances();
        return index >= 1 && index <= all.size() ? all.get(index - 1) : null;
    }

    private VrrpInstance model(VrrpInstanceView v) {
        KeepalivedConfig c = in.config().get();
        return c == null ? null : c.vrrpInstances().get(v.name());
    }

    /** A realServerTable row: its real server, or null for the sorry server's row. */
    private record Row(RealServerView server) {}

    /**
     * The row at realServerTable's (virtual server, real server) index, numbered as {@link CheckMib}
     * numbers them (a sorry server first); null when there is no such row.
     */
    private Row realServer(int v, int r) {
        LvsRuntime lvs = in.lvs().get();
        KeepalivedConfig config = in.config().get();
        if (lvs == null || config == null) {
            return null;
        }
        List<VirtualServerView> all = lvs.virtualServers();
        if (v < 1 || v > all.size()) {
            return null;
        }
        VirtualServerView vs = all.get(v - 1);
        VirtualServer model = config.virtualServers().get(vs.key());
        int first = model != null && model.sorryServer() != null ? 2 : 1;
        if (r == 1 && first == 2) {
            return new Row(null);
        }
        List<RealServerView> servers = vs.realServers();
        int at = r - first;
        return at >= 0 && at < servers.size() ? new Row(servers.get(at)) : null;
    }
}
