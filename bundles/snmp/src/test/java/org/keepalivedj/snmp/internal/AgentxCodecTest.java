package org.keepalivedj.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentxCodecTest {

    private static Pdu roundTrip(Pdu pdu) throws Exception {
        return AgentxCodec.decode(ByteBuffer.wrap(AgentxCodec.encode(pdu)));
    }

    @Test
    void openIsEncodedAsRfc2741SaysWithTheInternetPrefix() {
        byte[] bytes = AgentxCodec.encode(
                new Pdu(Pdu.OPEN, 0, 0, 0, 7, null, new Pdu.Open(0, Oid.parse("1.3.6.1.4.1.9586"), "ka")));
        assertEquals(
                "01011000" + "00000000" + "00000000" + "00000007" + "00000018"
                        + "00000000" // timeout, reserved
                        + "02040000" + "00000001" + "00002572" // 2 sub-ids after prefix 4 (1.3.6.1.4): 1.9586
                        + "00000002" + "6b610000",
                HexFormat.of().formatHex(bytes));
    }

    @Test
    void everyValueTypeSurvivesARoundTrip() throws Exception {
        List<VarBind> vbs = List.of(
                new VarBind(Oid.parse("1.3.6.1.2.1.68.1.1.0"), Value.integer(-5)),
                new VarBind(Oid.parse("1.3.6.1.4.1.9586.100.5.1.2.0"), Value.string("lab1")),
                new VarBind(Oid.parse("1.2.3"), Value.ipAddress(new byte[] {10, 9, 0, 1})),
                new VarBind(Oid.parse("1.2.4"), Value.counter32(0xffffffffL)),
                new VarBind(Oid.parse("1.2.5"), Value.gauge32(150)),
                new VarBind(Oid.parse("1.2.6"), Value.timeTicks(1373)),
                new VarBind(Oid.parse("1.2.7"), Value.counter64(-1L)),
                new VarBind(Oid.parse("1.2.8"), Value.oid(Oid.parse("1.3.6.1.4.1.9586.100.5.2.0.2"))),
                new VarBind(Oid.parse("1.2.9"), Value.NULL_VALUE),
                new VarBind(Oid.parse("1.2.10"), Value.END_OF_MIB_VIEW_VALUE),
                new VarBind(Oid.parse("1.3.6.1.2.1.207.1.1.2.1.2.3.52.1.192.0.2.101"), Value.integer(1)));
        Pdu response = new Pdu(Pdu.RESPONSE, 0, 9, 10, 11, null, new Pdu.Response(4242, 0, 0, vbs));
        assertEquals(response, roundTrip(response));
        Pdu notify = new Pdu(Pdu.NOTIFY, 0, 9, 0, 12, null, new Pdu.VarBinds(vbs));
        assertEquals(notify, roundTrip(notify));
    }

    @Test
    void getBulkAndRegisterRoundTrip() throws Exception {
        Pdu bulk = new Pdu(
                Pdu.GET_BULK,
                0,
                1,
                2,
                3,
                null,
                new Pdu.Bulk(
                        1,
                        10,
                        List.of(
                                new Pdu.Range(Oid.parse("1.3.6.1.2.1.68"), true, Oid.parse("1.3.6.1.2.1.69")),
                                new Pdu.Range(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2"), false, Oid.EMPTY))));
        assertEquals(bulk, roundTrip(bulk));
        Pdu register = new Pdu(Pdu.REGISTER, 0, 1, 0, 4, null, new Pdu.Register(0, 127, Oid.parse("1.3.6.1.2.1.207")));
        assertEquals(register, roundTrip(register));
    }

    @Test
    void aLittleEndianGetWithAContextIsRead() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1)
                .put((byte) Pdu.GET)
                .put((byte) Pdu.FLAG_NON_DEFAULT_CONTEXT)
                .put((byte) 0);
        b.putInt(5).putInt(6).putInt(7).putInt(24);
        b.putInt(3).put("ctx".getBytes()).put((byte) 0); // context "ctx", padded
        b.put((byte) 2).put((byte) 2).put((byte) 0).put((byte) 0).putInt(68).putInt(1); // start 1.3.6.1.2.68.1
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // empty end
        b.flip();
        Pdu pdu = AgentxCodec.decode(b);
        assertEquals("ctx", pdu.context());
        assertEquals(7, pdu.packetId());
        assertEquals(
                new Pdu.Search(List.of(new Pdu.Range(Oid.parse("1.3.6.1.2.68.1"), false, Oid.EMPTY))), pdu.payload());
    }

    @Test
    void malformedPdusAreRefusedWithAReason() {
        byte[] good = AgentxCodec.encode(new Pdu(
                Pdu.GET,
                0,
                1,
                2,
                3,
                null,
                new Pdu.Search(List.of(new Pdu.Range(Oid.parse("1.3.6.1.2.1.68.1.1.0"), false, Oid.EMPTY)))));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4);
        assertThrows(AgentxCodec.MalformedPduException.class, () -> AgentxCodec.decode(ByteBuffer.wrap(truncated)));
        byte[] badVersion = good.clone();
        badVersion[0] = 2;
        assertThrows(AgentxCodec.MalformedPduException.class, () -> AgentxCodec.decode(ByteBuffer.wrap(badVersion)));
        byte[] hugeOid = good.clone();
        hugeOid[20] = (byte) 200;
        assertThrows(AgentxCodec.MalformedPduException.class, () -> AgentxCodec.decode(ByteBuffer.wrap(hugeOid)));
    }

    @Test
    void payloadLengthFollowsTheHeaderByteOrder() {
        ByteBuffer le = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        le.put(new byte[] {1, 18, 0, 0})
                .putInt(0)
                .putInt(0)
                .putInt(0)
                .putInt(40)
                .flip();
        assertEquals(40, AgentxCodec.payloadLength(le));
        byte[] be = AgentxCodec.encode(new Pdu(Pdu.PING, 0, 1, 0, 1, null, new Pdu.Empty()));
        assertEquals(0, AgentxCodec.payloadLength(ByteBuffer.wrap(be)));
        assertArrayEquals(new byte[] {1, 13, 0x10, 0}, java.util.Arrays.copyOf(be, 4));
    }
}
