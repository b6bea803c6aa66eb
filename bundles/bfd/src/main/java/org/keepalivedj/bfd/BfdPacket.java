package org.keepalivedj.bfd;

import java.nio.ByteBuffer;

/**
 * A BFD Control packet (RFC 5880 section 4.1) without authentication. Intervals are in
 * microseconds, as on the wire.
 */
public record BfdPacket(
        int version,
        Diagnostic diagnostic,
        BfdState state,
        boolean poll,
        boolean fin,
        boolean controlPlaneIndependent,
        boolean authenticated,
        boolean demand,
        boolean multipoint,
        int detectMultiplier,
        int myDiscriminator,
        int yourDiscriminator,
        long desiredMinTxMicros,
        long requiredMinRxMicros,
        long requiredMinEchoRxMicros) {

    /** The mandatory section's length; the only length we send. */
    public static final int LENGTH = 24;

    /** A version 1 packet with only what our sessions set. */
    public static BfdPacket of(
            Diagnostic diagnostic,
            BfdState state,
            boolean poll,
            boolean fin,
            int detectMultiplier,
            int myDiscriminator,
            int yourDiscriminator,
            long desiredMinTxMicros,
            long requiredMinRxMicros) {
        return new BfdPacket(
                1,
                diagnostic,
                state,
                poll,
                fin,
                false,
                false,
                false,
                false,
                detectMultiplier,
                myDiscriminator,
                yourDiscriminator,
                desiredMinTxMicros,
                requiredMinRxMicros,
                0);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put((byte) (version << 5 | diagnostic.code()));
        b.put((byte) (state.code() << 6
                | bit(poll, 0x20)
                | bit(fin, 0x10)
                | bit(controlPlaneIndependent, 0x08)
                | bit(authenticated, 0x04)
                | bit(demand, 0x02)
                | bit(multipoint, 0x01)));
        b.put((byte) detectMultiplier).put((byte) LENGTH);
        b.putInt(myDiscriminator).putInt(yourDiscriminator);
        b.putInt((int) desiredMinTxMicros).putInt((int) requiredMinRxMicros).putInt((int) requiredMinEchoRxMicros);
        return b.array();
    }

    /**
     * Decodes and checks a received packet by the rules of RFC 5880 section 6.8.6 that need no
     * session: version 1, a length that fits, a non-zero Detect Mult and My Discriminator, no
     * Multipoint bit, a Your Discriminator unless the state is Down or AdminDown, and no
     * authentication (we use none, so an authenticated packet is discarded).
     *
     * @throws MalformedBfdPacketException naming the broken rule
     */
    public static BfdPacket decode(byte[] data) {
        if (data.length < LENGTH) {
            throw new MalformedBfdPacketException("packet of " + data.length + " bytes, shorter than 24");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int first = b.get() & 0xff;
        int second = b.get() & 0xff;
        int multiplier = b.get() & 0xff;
        int length = b.get() & 0xff;
        int version = first >>> 5;
        if (version != 1) {
            throw new MalformedBfdPacketException("version " + version + ", not 1");
        }
        boolean authenticated = (second & 0x04) != 0;
        if (length < (authenticated ? 26 : LENGTH) || length > data.length) {
            throw new MalformedBfdPacketException(
                    "length field " + length + " for a packet of " + data.length + " bytes");
        }
        if (authenticated) {
            throw new MalformedBfdPacketException("authenticated packet, and no authentication is configured");
        }
        if (multiplier == 0) {
            throw new MalformedBfdPacketException("Detect Mult 0");
        }
        if ((second & 0x01) != 0) {
            throw new MalformedBfdPacketException("Multipoint bit set");
        }
        BfdState state = BfdState.of(second >>> 6);
        int my = b.getInt();
        int your = b.getInt();
        if (my == 0) {
            throw new MalformedBfdPacketException("My Discriminator 0");
        }
        if (your == 0 && state != BfdState.DOWN && state != BfdState.ADMIN_DOWN) {
            throw new MalformedBfdPacketException("Your Discriminator 0 in state " + state);
        }
        long tx = Integer.toUnsignedLong(b.getInt());
        long rx = Integer.toUnsignedLong(b.getInt());
        long echo = Integer.toUnsignedLong(b.getInt());
        return new BfdPacket(
                version,
                Diagnostic.of(first & 0x1f),
                state,
                (second & 0x20) != 0,
                (second & 0x10) != 0,
                (second & 0x08) != 0,
                false,
                (second & 0x02) != 0,
                false,
                multiplier,
                my,
                your,
                tx,
                rx,
                echo);
    }

    private static int bit(boolean set, int mask) {
        return set ? mask : 0;
    }
}
