package org.keepalivedj.vrrp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The auth_hmac trailer keepalived 2.4 appends to a VRRP packet (28 bytes, after the v2
 * authentication data or the last v3 address):
 *
 * <pre>
 *  0      type (1: HMAC-SHA256 truncated to 128 bits)
 *  1      key id
 *  2-3    reserved, 0
 *  4-7    sequence: UTC seconds since 1970
 *  8-9    sequence: binary fraction of that second (1/65536 s)
 *  10-11  sequence: counter within one timestamp
 *  12-27  HMAC
 * </pre>
 *
 * The HMAC-SHA256 (first 16 bytes kept) covers a 20-byte pseudo-header (family 4 or 6, VRRP version,
 * VRID, 0, the source address in 16 bytes, an IPv4 one followed by 12 zero bytes), then the VRRP
 * packet and the trailer, both with the VRRP checksum and the HMAC read as zero. The IPv4 VRRP
 * checksum covers the VRRP packet only; over IPv6 the kernel's covers the trailer too. All of this
 * was observed on keepalived 2.4.3's adverts (test resources hmac/README.md).
 */
public final class HmacTrailer {
    public static final int LENGTH = 28;
    public static final int TYPE_SHA256 = 1;
    static final int HMAC_OFFSET = 12;
    static final int HMAC_LENGTH = 16;
    private static final int HEADER = 8;

    private HmacTrailer() {}

    /**
     * The 64-bit sequence: seconds in the top 32 bits, the 1/65536 fraction, then the counter.
     *
     * @param epochNanos nanoseconds since 1970 (UTC)
     */
    public static long sequenceAt(long epochNanos, int counter) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        long fraction = (Math.floorMod(epochNanos, 1_000_000_000L) << 16) / 1_000_000_000L;
        return (seconds & 0xffff_ffffL) << 32 | fraction << 16 | (counter & 0xffff);
    }

    /** The seconds part of a sequence. */
    public static long seconds(long sequence) {
        return sequence >>> 32;
    }

    /** The VRRP packet with the trailer appended, signed with this key. */
    public static byte[] sign(byte[] vrrp, InetAddress source, int keyId, long sequence, byte[] key) {
        byte[] out = Arrays.copyOf(vrrp, vrrp.length + LENGTH);
        ByteBuffer.wrap(out, vrrp.length, LENGTH)
                .put((byte) TYPE_SHA256)
                .put((byte) keyId)
                .putShort((short) 0)
                .putLong(sequence);
        byte[] hmac = hmac(out, source, key);
        System.arraycopy(hmac, 0, out, vrrp.length + HMAC_OFFSET, HMAC_LENGTH);
        return out;
    }

    /** True when the trailer at the end of this packet carries the HMAC of the rest under this key. */
    public static boolean verify(byte[] signed, InetAddress source, byte[] key) {
        if (signed.length < HEADER + LENGTH) {
            return false;
        }
        byte[] expected = hmac(signed, source, key);
        byte[] carried = Arrays.copyOfRange(signed, signed.length - HMAC_LENGTH, signed.length);
        return MessageDigest.isEqual(expected, carried);
    }

    /**
     * True when the payload is one trailer longer than its header announces (the receive path
     * checks exact lengths, so a trailer is recognised by its length alone).
     */
    public static boolean present(byte[] payload, boolean ipv6) {
        if (payload.length < HEADER) {
            return false;
        }
        int version = (payload[0] & 0xf0) >> 4;
        int expected = HEADER + (payload[3] & 0xff) * (ipv6 ? 16 : 4) + (version == 2 ? 8 : 0);
        return payload.length == expected + LENGTH;
    }

    /** The type byte of the trailer at the end of the payload. */
    public static int type(byte[] signed) {
        return signed[signed.length - LENGTH] & 0xff;
    }

    public static int keyId(byte[] signed) {
        return signed[signed.length - LENGTH + 1] & 0xff;
    }

    public static int reserved(byte[] signed) {
        return ByteBuffer.wrap(signed, signed.length - LENGTH + 2, 2).getShort() & 0xffff;
    }

    public static long sequence(byte[] signed) {
        return ByteBuffer.wrap(signed, signed.length - LENGTH + 4, 8).getLong();
    }

    /** The VRRP packet without its trailer. */
    public static byte[] strip(byte[] signed) {
        return Arrays.copyOf(signed, signed.length - LENGTH);
    }

    private static byte[] hmac(byte[] signed, InetAddress source, byte[] key) {
        byte[] pseudo = new byte[20];
        pseudo[0] = (byte) (source instanceof Inet6Address ? 6 : 4);
        pseudo[1] = (byte) ((signed[0] & 0xf0) >> 4);
        pseudo[2] = signed[1];
        byte[] address = source.getAddress();
        System.arraycopy(address, 0, pseudo, 4, address.length);
        byte[] message = signed.clone();
        message[6] = 0;
        message[7] = 0;
        Arrays.fill(message, message.length - HMAC_LENGTH, message.length, (byte) 0);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(pseudo);
            return Arrays.copyOf(mac.doFinal(message), HMAC_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every Java 17 runtime", e);
        }
    }
}
