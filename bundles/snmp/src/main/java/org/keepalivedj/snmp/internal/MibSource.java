package org.keepalivedj.snmp.internal;

import java.util.List;
import java.util.Map;

/** One MIB (or part of one) this agent serves: the subtrees it registers and its objects now. */
interface MibSource {

    /** The subtrees registered with the master agent. */
    List<Oid> subtrees();

    /** Puts every object of this MIB with its current value. */
    void collect(Map<Oid, Value> into);
}
