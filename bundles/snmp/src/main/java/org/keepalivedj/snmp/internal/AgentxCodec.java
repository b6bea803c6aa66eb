package org.keepalivedj.snmp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * AgentX PDUs to and from bytes (RFC 2741 section 5 and 6). We always send in network byte order
 * (and say so in the flags); we read either order, as the received header's flag says.
 */
final class AgentxCodec {

    static final int HEADER_LENGTH = 20;
    private static final int VERSION = 1;
    /** The sub-identifiers 1.3.6.1 that the OID prefix byte stands for. */
    private static final int[] INTERNET = {1, 3, 6, 1};

    private AgentxCodec() {}

    /** A malformed PDU: dropped (and counted) by the session, answered with parseError where it has a packet id. */
    static final class MalformedPduException extends Exception {
        MalformedPduException(String message) {
            super(message);
        }
    }

    /** The payload length a complete header announces (for framing), honouring the header's byte order. */
    static long payloadLength(ByteBuffer header) {
        ByteBuffer h = header.duplicate().order(orderOf(header.get(header.position() + 2)));
        return Integer.toUnsignedLong(h.getInt(header.position() + 16));
    }

    private static ByteOrder orderOf(int flags) {
        return (flags & Pdu.FLAG_NETWORK_BYTE_ORDER) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    static byte[] encode(Pdu pdu) {
        Writer w = new Writer();
        if (pdu.context() != null) {
            w.octets(pdu.context().getBytes(StandardCharsets.UTF_8));
        }
        Pdu.Payload p = pdu.payload();
        if (p instanceof Pdu.Open o) {
            w.u8(o.timeoutSeconds()).u8(0).u8(0).u8(0);
            w.oid(o.id(), false);
            w.octets(o.description().getBytes(StandardCharsets.UTF_8));
        } else if (p instanceof Pdu.Close c) {
            w.u8(c.reason()).u8(0).u8(0).u8(0);
        } else if (p instanceof Pdu.Register r) {
            w.u8(r.timeoutSeconds()).u8(r.priority()).u8(0).u8(0);
            w.oid(r.subtree(), false);
        } else if (p instanceof Pdu.Search s) {
            s.ranges().forEach(w::range);
        } else if (p instanceof Pdu.Bulk bulk) {
            w.u16(bulk.nonRepeaters()).u16(bulk.maxRepetitions());
            bulk.ranges().forEach(w::range);
        } else if (p instanceof Pdu.VarBinds v) {
            v.varBinds().forEach(w::varBind);
        } else if (p instanceof Pdu.Response r) {
            w.u32(r.sysUpTime()).u16(r.error()).u16(r.index());
            r.varBinds().forEach(w::varBind);
        }
        byte[] payload = w.bytes();
        int flags =
                pdu.flags() | Pdu.FLAG_NETWORK_BYTE_ORDER | (pdu.context() != null ? Pdu.FLAG_NON_DEFAULT_CONTEXT : 0);
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) VERSION).put((byte) pdu.type()).put((byte) flags).put((byte) 0);
        b.putInt(pdu.sessionId())
                .putInt(pdu.transactionId())
                .putInt(pdu.packetId())
                .putInt(payload.length);
        b.put(payload);
        return b.array();
    }

    /** Decodes one complete PDU (header and payload). */
    static Pdu decode(ByteBuffer frame) throws MalformedPduException {
        try {
            ByteBuffer b = frame.slice();
            int version = b.get() & 0xff;
            if (version != VERSION) {
                throw new MalformedPduException("AgentX version " + version);
            }
            int type = b.get() & 0xff;
            int flags = b.get() & 0xff;
            b.get();
            b.order(orderOf(flags));
            int session = b.getInt();
            int transaction = b.getInt();
            int packet = b.getInt();
            int length = b.getInt();
            if (length < 0 || length % 4 != 0 || length != b.remaining()) {
                throw new MalformedPduException(
                        "payload length " + Integer.toUnsignedString(length) + " for " + b.remaining() + " bytes");
            }
            String context = null;
            boolean hasContext = (flags & Pdu.FLAG_NON_DEFAULT_CONTEXT) != 0;
            if (hasContext && type != Pdu.OPEN && type != Pdu.CLOSE && type != Pdu.RESPONSE) {
                context = new String(octets(b), StandardCharsets.UTF_8);
            }
            Pdu.Payload payload = switch (type) {
                case Pdu.OPEN -> {
                    int timeout = b.get() & 0xff;
                    skip(b, 3);
                    Oid id = oid(b).oid;
                    yield new Pdu.Open(timeout, id, new String(octets(b), StandardCharsets.UTF_8));
                }
                case Pdu.CLOSE -> {
                    int reason = b.get() & 0xff;
                    skip(b, 3);
                    yield new Pdu.Close(reason);
                }
                case Pdu.REGISTER, Pdu.UNREGISTER -> {
                    int timeout = b.get() & 0xff;
                    int priority = b.get() & 0xff;
                    int rangeSubid = b.get() & 0xff;
                    b.get();
                    Oid subtree = oid(b).oid;
                    if (rangeSubid != 0) {
                        b.getInt();
                    }
                    yield new Pdu.Register(timeout, priority, subtree);
                }
                case Pdu.GET, Pdu.GET_NEXT -> new Pdu.Search(ranges(b));
                case Pdu.GET_BULK -> {
                    int nonRepeaters = b.getShort() & 0xffff;
                    int maxRepetitions = b.getShort() & 0xffff;
                    yield new Pdu.Bulk(nonRepeaters, maxRepetitions, ranges(b));
                }
                case Pdu.TEST_SET, Pdu.NOTIFY -> new Pdu.VarBinds(varBinds(b));
                case Pdu.RESPONSE -> {
                    long upTime = Integer.toUnsignedLong(b.getInt());
                    int error = b.getShort() & 0xffff;
                    int index = b.getShort() & 0xffff;
                    yield new Pdu.Response(upTime, error, index, varBinds(b));
                }
                default -> {
                    b.position(b.limit());
                    yield new Pdu.Empty();
                }
            };
            if (b.hasRemaining()) {
                throw new MalformedPduException(b.remaining() + " bytes after the payload of a type " + type + " PDU");
            }
            return new Pdu(
                    type,
                    flags & ~(Pdu.FLAG_NETWORK_BYTE_ORDER | Pdu.FLAG_NON_DEFAULT_CONTEXT),
                    session,
                    transaction,
                    packet,
                    context,
                    payload);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new MalformedPduException("truncated PDU");
        }
    }

    private record DecodedOid(Oid oid, boolean include) {}

    private static DecodedOid oid(ByteBuffer b) {
        int n = b.get() & 0xff;
        int prefix = b.get() & 0xff;
        boolean include = b.get() != 0;
        b.get();
        if (n > 128) {
            throw new IllegalArgumentException("OID of " + n + " sub-identifiers");
        }
        int[] ids = new int[(prefix != 0 ? 5 : 0) + n];
        int i = 0;
        if (prefix != 0) {
            System.arraycopy(INTERNET, 0, ids, 0, 4);
            ids[4] = prefix;
            i = 5;
        }
        for (int k = 0; k < n; k++) {
            ids[i++] = b.getInt();
        }
        return new DecodedOid(Oid.of(ids), include);
    }

    private static byte[] octets(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            throw new IllegalArgumentException("octet string of " + length + " bytes");
        }
        byte[] data = new byte[length];
        b.get(data);
        skip(b, (4 - length % 4) % 4);
        return data;
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    private static List<Pdu.Range> ranges(ByteBuffer b) {
        List<Pdu.Range> ranges = new ArrayList<>();
        while (b.hasRemaining()) {
            DecodedOid start = oid(b);
            DecodedOid end = oid(b);
            ranges.add(new Pdu.Range(start.oid, start.include, end.oid));
        }
        return ranges;
    }

    private static List<VarBind> varBinds(ByteBuffer b) {
        List<VarBind> list = new ArrayList<>();
        while (b.hasRemaining()) {
            int type = b.getShort() & 0xffff;
            b.getShort();
            Oid name = oid(b).oid;
            Value v = switch (type) {
                case Value.INTEGER -> Value.integer(b.getInt());
                case Value.COUNTER32 -> Value.counter32(Integer.toUnsignedLong(b.getInt()));
                case Value.GAUGE32 -> Value.gauge32(Integer.toUnsignedLong(b.getInt()));
                case Value.TIME_TICKS -> Value.timeTicks(Integer.toUnsignedLong(b.getInt()));
                case Value.COUNTER64 -> Value.counter64(b.getLong());
                case Value.OBJECT_IDENTIFIER -> Value.oid(oid(b).oid);
                case Value.OCTET_STRING -> Value.octets(octets(b));
                case Value.IP_ADDRESS -> Value.ipAddress(octets(b));
                case Value.OPAQUE -> new Value(Value.OPAQUE, 0, octets(b), null);
                case Value.NULL -> Value.NULL_VALUE;
                case Value.NO_SUCH_OBJECT -> Value.NO_SUCH_OBJECT_VALUE;
                case Value.NO_SUCH_INSTANCE -> Value.NO_SUCH_INSTANCE_VALUE;
                case Value.END_OF_MIB_VIEW -> Value.END_OF_MIB_VIEW_VALUE;
                default -> throw new IllegalArgumentException("value type " + type);
            };
            list.add(new VarBind(name, v));
        }
        return list;
    }

    /** Big-endian payload writer. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer u8(int v) {
            out.write(v);
            return this;
        }

        Writer u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Writer u32(long v) {
            u16((int) (v >>> 16) & 0xffff);
            return u16((int) v & 0xffff);
        }

        void octets(byte[] data) {
            u32(data.length);
            out.writeBytes(data);
            for (int i = data.length; i % 4 != 0; i++) {
                out.write(0);
            }
        }

        void oid(Oid oid, boolean include) {
            int prefix = 0;
            int from = 0;
            if (oid.size() > 4 && oid.startsWith(Oid.of(INTERNET)) && oid.get(4) > 0 && oid.get(4) < 256) {
                prefix = (int) oid.get(4);
                from = 5;
            }
            u8(oid.size() - from).u8(prefix).u8(include ? 1 : 0).u8(0);
            for (int i = from; i < oid.size(); i++) {
                u32(oid.get(i));
            }
        }

        void range(Pdu.Range r) {
            oid(r.start(), r.include());
            oid(r.end(), false);
        }

        void varBind(VarBind vb) {
            Value v = vb.value();
            u16(v.type()).u16(0);
            oid(vb.name(), false);
            switch (v.type()) {
                case Value.INTEGER, Value.COUNTER32, Value.GAUGE32, Value.TIME_TICKS -> u32(v.number());
                case Value.COUNTER64 -> {
                    u32(v.number() >>> 32);
                    u32(v.number() & 0xffffffffL);
                }
                case Value.OBJECT_IDENTIFIER -> oid(v.oid(), false);
                case Value.OCTET_STRING, Value.IP_ADDRESS, Value.OPAQUE -> octets(v.octets());
                default -> {}
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
