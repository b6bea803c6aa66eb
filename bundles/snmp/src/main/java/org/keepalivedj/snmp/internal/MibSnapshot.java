package org.keepalivedj.snmp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Every served object with its value at one moment, in OID order: a request is answered from one
 * snapshot, so a GetBulk sees consistent rows. The tables are small (instances and servers of one
 * config), so building it per request is cheap and keeps the runtime views the only source.
 */
final class MibSnapshot {

    private final NavigableMap<Oid, Value> values;

    MibSnapshot(Map<Oid, Value> values) {
        this.values = new TreeMap<>(values);
    }

    NavigableMap<Oid, Value> values() {
        return values;
    }

    /** Answers a Get: the exact object, or noSuchObject. */
    VarBind get(Pdu.Range r) {
        Value v = values.get(r.start());
        return new VarBind(r.start(), v != null ? v : Value.NO_SUCH_OBJECT_VALUE);
    }

    /** Answers one GetNext range: the first object in it, or endOfMibView named by the range's start. */
    VarBind next(Pdu.Range r) {
        Map.Entry<Oid, Value> e = r.include() ? values.ceilingEntry(r.start()) : values.higherEntry(r.start());
        if (e == null || (!r.end().isEmpty() && e.getKey().compareTo(r.end()) >= 0)) {
            return new VarBind(r.start(), Value.END_OF_MIB_VIEW_VALUE);
        }
        return new VarBind(e.getKey(), e.getValue());
    }

    /** Answers a GetBulk (RFC 2741 7.2.3.3): the non-repeaters once, then the repeaters row by row. */
    List<VarBind> bulk(Pdu.Bulk bulk) {
        List<Pdu.Range> ranges = bulk.ranges();
        int nonRepeaters = Math.min(bulk.nonRepeaters(), ranges.size());
        List<VarBind> out = new ArrayList<>();
        for (int i = 0; i < nonRepeaters; i++) {
            out.add(next(ranges.get(i)));
        }
        List<Pdu.Range> repeaters = new ArrayList<>(ranges.subList(nonRepeaters, ranges.size()));
        for (int row = 0; row < bulk.maxRepetitions() && !repeaters.isEmpty(); row++) {
            boolean allEnded = true;
            for (int i = 0; i < repeaters.size(); i++) {
                Pdu.Range r = repeaters.get(i);
                VarBind vb = next(r);
                out.add(vb);
                if (vb.value().type() != Value.END_OF_MIB_VIEW) {
                    allEnded = false;
                    repeaters.set(i, new Pdu.Range(vb.name(), false, r.end()));
                }
            }
            if (allEnded) {
                break;
            }
        }
        return out;
    }
}
