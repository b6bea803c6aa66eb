package org.keepalivedj.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one netlink message: the 16-byte header (filled in by {@link #build}), a fixed family
 * header written with the plain {@code u8/u16/u32} methods, then attributes (4-byte aligned TLVs,
 * possibly nested). Host byte order unless a method says otherwise.
 */
public final class NetlinkMessageBuilder {

    private final int type;
    private final int flags;
    private final String description;
    private ByteBuffer buffer = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());

    /**
     * @param description what the request does, for error messages ("RTM_NEWADDR 10.0.0.1/24 dev eth0")
     */
    public NetlinkMessageBuilder(int type, int flags, String description) {
        this.type = type;
        this.flags = flags;
        this.description = description;
        buffer.position(NetlinkConstants.HEADER_SIZE);
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public String description() {
        return description;
    }

    public NetlinkMessageBuilder u8(int value) {
        room(1).put((byte) value);
        return this;
    }

    public NetlinkMessageBuilder u16(int value) {
        room(2).putShort((short) value);
        return this;
    }

    public NetlinkMessageBuilder u32(int value) {
        room(4).putInt(value);
        return this;
    }

    public NetlinkMessageBuilder bytes(byte[] value) {
        room(value.length).put(value);
        return this;
    }

    public NetlinkMessageBuilder attr(int attrType, byte[] value) {
        int length = 4 + value.length;
        room(NetlinkConstants.align(length));
        buffer.putShort((short) length).putShort((short) attrType).put(value);
        pad();
        return this;
    }

    public NetlinkMessageBuilder attrU8(int attrType, int value) {
        return attr(attrType, new byte[] {(byte) value});
    }

    public NetlinkMessageBuilder attrU16(int attrType, int value) {
        return attr(
                attrType,
                ByteBuffer.allocate(2)
                        .order(ByteOrder.nativeOrder())
                        .putShort((short) value)
                        .array());
    }

    public NetlinkMessageBuilder attrU32(int attrType, int value) {
        return attr(
                attrType,
                ByteBuffer.allocate(4)
                        .order(ByteOrder.nativeOrder())
                        .putInt(value)
                        .array());
    }

    public NetlinkMessageBuilder attrU64(int attrType, long value) {
        return attr(
                attrType,
                ByteBuffer.allocate(8)
                        .order(ByteOrder.nativeOrder())
                        .putLong(value)
                        .array());
    }

    /** A 16-bit value in network byte order (ports). */
    public NetlinkMessageBuilder attrBe16(int attrType, int value) {
        return attr(
                attrType,
                ByteBuffer.allocate(2)
                        .order(ByteOrder.BIG_ENDIAN)
                        .putShort((short) value)
                        .array());
    }

    /** A 32-bit value in network byte order. */
    public NetlinkMessageBuilder attrBe32(int attrType, int value) {
        return attr(
                attrType,
                ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(value).array());
    }

    /** A NUL-terminated string. */
    public NetlinkMessageBuilder attrString(int attrType, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        return attr(attrType, Arrays.copyOf(text, text.length + 1));
    }

    /** An IPv4 or IPv6 address in network byte order (4 or 16 bytes). */
    public NetlinkMessageBuilder attrAddress(int attrType, InetAddress address) {
        return attr(attrType, address.getAddress());
    }

    /** Opens a nested attribute; pass the returned mark to {@link #endNested}. */
    public int startNested(int attrType) {
        room(4);
        int mark = buffer.position();
        buffer.putShort((short) 0).putShort((short) (attrType | NetlinkConstants.NLA_F_NESTED));
        return mark;
    }

    public NetlinkMessageBuilder endNested(int mark) {
        buffer.putShort(mark, (short) (buffer.position() - mark));
        return this;
    }

    /** The message's bytes with the header filled in. */
    public byte[] build(int sequence, int portId) {
        int length = buffer.position();
        buffer.putInt(0, length);
        buffer.putShort(4, (short) type);
        buffer.putShort(6, (short) flags);
        buffer.putInt(8, sequence);
        buffer.putInt(12, portId);
        return Arrays.copyOf(buffer.array(), length);
    }

    /** Same as {@link #build} with other flags (the socket adds REQUEST and ACK). */
    public byte[] build(int sequence, int portId, int extraFlags) {
        byte[] bytes = build(sequence, portId);
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).putShort(6, (short) (flags | extraFlags));
        return bytes;
    }

    private void pad() {
        while ((buffer.position() & 3) != 0) {
            buffer.put((byte) 0);
        }
    }

    private ByteBuffer room(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                    .order(ByteOrder.nativeOrder());
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        return buffer;
    }
}
