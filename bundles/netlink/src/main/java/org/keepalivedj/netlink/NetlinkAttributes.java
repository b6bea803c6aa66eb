package org.keepalivedj.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The attributes (TLVs) of a message or of a nested attribute. Parsing stops at the first
 * malformed attribute; {@link #malformed()} then says so and what came before stays usable.
 */
public final class NetlinkAttributes {

    /** One attribute: its type without the nested/byte-order flags, and its value. */
    public record Attribute(int type, ByteBuffer value) {}

    private final List<Attribute> attributes;
    private final boolean malformed;

    private NetlinkAttributes(List<Attribute> attributes, boolean malformed) {
        this.attributes = attributes;
        this.malformed = malformed;
    }

    public static NetlinkAttributes parse(ByteBuffer region) {
        ByteBuffer data = region.duplicate().order(ByteOrder.nativeOrder());
        List<Attribute> list = new ArrayList<>();
        int base = data.position();
        int offset = 0;
        int size = data.remaining();
        while (size - offset >= 4) {
            int length = data.getShort(base + offset) & 0xffff;
            int type = data.getShort(base + offset + 2) & NetlinkConstants.NLA_TYPE_MASK;
            if (length < 4 || length > size - offset) {
                return new NetlinkAttributes(list, true);
            }
            ByteBuffer value = data.duplicate()
                    .position(base + offset + 4)
                    .limit(base + offset + length)
                    .slice()
                    .order(ByteOrder.nativeOrder());
            list.add(new Attribute(type, value));
            offset += NetlinkConstants.align(length);
        }
        return new NetlinkAttributes(list, offset < size);
    }

    public boolean malformed() {
        return malformed;
    }

    public List<Attribute> all() {
        return List.copyOf(attributes);
    }

    public boolean has(int type) {
        return find(type) != null;
    }

    /** Every attribute of this type, in order (for repeated attributes). */
    public List<ByteBuffer> every(int type) {
        List<ByteBuffer> values = new ArrayList<>();
        for (Attribute a : attributes) {
            if (a.type() == type) {
                values.add(a.value().duplicate().order(ByteOrder.nativeOrder()));
            }
        }
        return values;
    }

    public ByteBuffer value(int type) {
        Attribute a = find(type);
        return a == null ? null : a.value().duplicate().order(ByteOrder.nativeOrder());
    }

    public byte[] bytes(int type) {
        ByteBuffer v = value(type);
        if (v == null) {
            return null;
        }
        byte[] out = new byte[v.remaining()];
        v.get(out);
        return out;
    }

    public Integer u8(int type) {
        ByteBuffer v = value(type);
        return v == null || v.remaining() < 1 ? null : v.get(0) & 0xff;
    }

    public Integer u16(int type) {
        ByteBuffer v = value(type);
        return v == null || v.remaining() < 2 ? null : v.getShort(0) & 0xffff;
    }

    public Integer u32(int type) {
        ByteBuffer v = value(type);
        return v == null || v.remaining() < 4 ? null : v.getInt(0);
    }

    public Long u64(int type) {
        ByteBuffer v = value(type);
        return v == null || v.remaining() < 8 ? null : v.getLong(0);
    }

    /** A string, without its terminating NUL. */
    public String string(int type) {
        byte[] b = bytes(type);
        if (b == null) {
            return null;
        }
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** A 4- or 16-byte address; null when absent or of another size. */
    public InetAddress address(int type) {
        byte[] b = bytes(type);
        if (b == null || (b.length != 4 && b.length != 16)) {
            return null;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes is always an address", e);
        }
    }

    public NetlinkAttributes nested(int type) {
        ByteBuffer v = value(type);
        return v == null ? null : parse(v);
    }

    private Attribute find(int type) {
        for (Attribute a : attributes) {
            if (a.type() == type) {
                return a;
            }
        }
        return null;
    }
}
