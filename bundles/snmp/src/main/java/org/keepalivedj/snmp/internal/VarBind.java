package org.keepalivedj.snmp.internal;

/** A name and its value. */
record VarBind(Oid name, Value value) {}
