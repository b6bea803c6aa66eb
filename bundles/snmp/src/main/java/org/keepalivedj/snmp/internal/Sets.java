package org.keepalivedj.snmp.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SNMP sets, in AgentX's four steps (RFC 2741 7.2.4): TestSet checks every varbind and keeps what to
 * do, CommitSet does it, UndoSet puts the old values back, CleanupSet forgets. The one writable
 * object is KEEPALIVED-MIB's vrrpInstanceBasePriority (read-write in the MIB), which becomes the
 * instance's priority override, as the JMX and console operation does. Who may set is snmpd's
 * access control (a read-write community or VACM view); everything else is notWritable.
 */
final class Sets {

    private static final Logger LOG = LoggerFactory.getLogger(Sets.class);
    private static final Oid BASE_PRIORITY = KeepalivedMib.INSTANCE_TABLE.append(7);

    /** One accepted change: the instance, and the priority before and after. */
    private record Change(VrrpInstanceView instance, int configured, int before, int after) {}

    /** The result of a TestSet: res.error and res.index (1-based varbind, 0 when no error). */
    record Outcome(int error, int index) {}

    private final MibInputs in;
    private final boolean enabled;
    /** Changes tested per transaction, until commit/undo/cleanup (event loop thread only). */
    private final Map<Integer, List<Change>> tested = new HashMap<>();

    Sets(MibInputs in, boolean keepalivedVrrpServed) {
        this.in = in;
        this.enabled = keepalivedVrrpServed;
    }

    Outcome test(int transaction, List<VarBind> varBinds) {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < varBinds.size(); i++) {
            VarBind vb = varBinds.get(i);
            Oid name = vb.name();
            if (!enabled || !name.startsWith(BASE_PRIORITY) || name.size() != BASE_PRIORITY.size() + 1) {
                return new Outcome(Pdu.NOT_WRITABLE, i + 1);
            }
            VrrpInstanceView view = instance((int) name.get(name.size() - 1));
            VrrpInstance model = view == null ? null : model(view);
            if (view == null || model == null) {
                return new Outcome(Pdu.NOT_WRITABLE, i + 1);
            }
            if (vb.value().type() != Value.INTEGER) {
                return new Outcome(Pdu.WRONG_TYPE, i + 1);
            }
            long priority = vb.value().number();
            // 255 belongs to the address owner and is never set; an owner's priority cannot change
            if (priority < 1 || priority > 254 || model.priority() == 255) {
                return new Outcome(Pdu.WRONG_VALUE, i + 1);
            }
            changes.add(new Change(view, model.priority(), view.basePriority(), (int) priority));
        }
        tested.put(transaction, changes);
        return new Outcome(Pdu.NO_ERROR, 0);
    }

    int commit(int transaction) {
        for (Change c : tested.getOrDefault(transaction, List.of())) {
            LOG.info(
                    "SNMP set: VRRP instance {} base priority {} -> {}",
                    c.instance().name(),
                    c.before(),
                    c.after());
            c.instance().setPriorityOverride(c.after());
        }
        return Pdu.NO_ERROR;
    }

    int undo(int transaction) {
        for (Change c : tested.getOrDefault(transaction, List.of())) {
            if (c.before() == c.configured()) {
                c.instance().clearPriorityOverride();
            } else {
                c.instance().setPriorityOverride(c.before());
            }
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
}
