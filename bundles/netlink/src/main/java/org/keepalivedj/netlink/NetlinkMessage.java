package org.keepalivedj.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received netlink message.
 *
 * @param payload the bytes after the 16-byte header (a read-only view, host byte order)
 */
public record NetlinkMessage(int type, int flags, int sequence, int portId, ByteBuffer payload) {

    /**
     * Splits a datagram into messages. Stops at the first malformed header (length shorter than
     * a header or longer than what is left); {@link Batch#malformed()} then says so.
     */
    public static Batch parseAll(byte[] datagram, int length) {
        ByteBuffer data = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        List<NetlinkMessage> messages = new ArrayList<>();
        while (data.remaining() >= NetlinkConstants.HEADER_SIZE) {
            int start = data.position();
            int messageLength = data.getInt(start);
            if (messageLength < NetlinkConstants.HEADER_SIZE || messageLength > data.remaining()) {
                return new Batch(messages, true);
            }
            int type = data.getShort(start + 4) & 0xffff;
            int flags = data.getShort(start + 6) & 0xffff;
            int sequence = data.getInt(start + 8);
            int portId = data.getInt(start + 12);
            ByteBuffer payload = data.duplicate()
                    .position(start + NetlinkConstants.HEADER_SIZE)
                    .limit(start + messageLength)
                    .slice()
                    .order(ByteOrder.nativeOrder())
                    .asReadOnlyBuffer()
                    .order(ByteOrder.nativeOrder());
            messages.add(new NetlinkMessage(type, flags, sequence, portId, payload));
            data.position(Math.min(data.limit(), start + NetlinkConstants.align(messageLength)));
        }
        return new Batch(messages, data.hasRemaining());
    }

    /** The messages of one datagram, and whether bytes were left that did not parse. */
    public record Batch(List<NetlinkMessage> messages, boolean malformed) {}

    /** The attributes after a fixed family header of the given size. */
    public NetlinkAttributes attributes(int familyHeaderSize) {
        if (payload.remaining() < familyHeaderSize) {
            return NetlinkAttributes.parse(ByteBuffer.allocate(0));
        }
        return NetlinkAttributes.parse(
                payload.duplicate().position(familyHeaderSize).slice().order(ByteOrder.nativeOrder()));
    }

    /** A view of the payload from the start, in host byte order. */
    public ByteBuffer body() {
        return payload.duplicate().order(ByteOrder.nativeOrder());
    }
}
