package org.keepalivedj.snmp.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An SNMP value with its AgentX type (RFC 2741 5.4). Numbers are kept as long, octet strings and
 * IpAddress as bytes, object identifiers as {@link Oid}.
 */
record Value(int type, long number, byte[] octets, Oid oid) {

    static final int INTEGER = 2;
    static final int OCTET_STRING = 4;
    static final int NULL = 5;
    static final int OBJECT_IDENTIFIER = 6;
    static final int IP_ADDRESS = 64;
    static final int COUNTER32 = 65;
    static final int GAUGE32 = 66;
    static final int TIME_TICKS = 67;
    static final int OPAQUE = 68;
    static final int COUNTER64 = 70;
    static final int NO_SUCH_OBJECT = 128;
    static final int NO_SUCH_INSTANCE = 129;
    static final int END_OF_MIB_VIEW = 130;

    static final Value NULL_VALUE = new Value(NULL, 0, null, null);
    static final Value NO_SUCH_OBJECT_VALUE = new Value(NO_SUCH_OBJECT, 0, null, null);
    static final Value NO_SUCH_INSTANCE_VALUE = new Value(NO_SUCH_INSTANCE, 0, null, null);
    static final Value END_OF_MIB_VIEW_VALUE = new Value(END_OF_MIB_VIEW, 0, null, null);

    static Value integer(long v) {
        return new Value(INTEGER, v, null, null);
    }

    /** SNMP's TruthValue: true(1), false(2). */
    static Value truth(boolean v) {
        return integer(v ? 1 : 2);
    }

    static Value string(String s) {
        return octets(s.getBytes(StandardCharsets.UTF_8));
    }

    static Value octets(byte[] b) {
        return new Value(OCTET_STRING, 0, b.clone(), null);
    }

    static Value ipAddress(byte[] ipv4) {
        return new Value(IP_ADDRESS, 0, ipv4.clone(), null);
    }

    static Value counter32(long v) {
        return new Value(COUNTER32, v & 0xffffffffL, null, null);
    }

    static Value gauge32(long v) {
        return new Value(GAUGE32, Math.max(0, Math.min(v, 0xffffffffL)), null, null);
    }

    static Value timeTicks(long hundredths) {
        return new Value(TIME_TICKS, hundredths & 0xffffffffL, null, null);
    }

    static Value counter64(long v) {
        return new Value(COUNTER64, v, null, null);
    }

    static Value oid(Oid o) {
        return new Value(OBJECT_IDENTIFIER, 0, null, o);
    }

    boolean isException() {
        return type >= NO_SUCH_OBJECT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v
                && v.type == type
                && v.number == number
                && Arrays.equals(v.octets, octets)
                && java.util.Objects.equals(v.oid, oid);
    }

    @Override
    public int hashCode() {
        return type * 31 + Long.hashCode(number) + Arrays.hashCode(octets);
    }

    @Override
    public String toString() {
        return switch (type) {
            case OCTET_STRING, IP_ADDRESS, OPAQUE -> type + ":" + Arrays.toString(octets);
            case OBJECT_IDENTIFIER -> type + ":" + oid;
            default -> type + ":" + number;
        };
    }
}
