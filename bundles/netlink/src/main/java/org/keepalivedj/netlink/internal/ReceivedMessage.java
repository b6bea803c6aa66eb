package org.keepalivedj.netlink.internal;

import java.util.List;

/**
 * One datagram from recvmsg(2): its bytes, the sender's socket address and the control messages.
 *
 * @param data      the payload (exactly as long as what was received)
 * @param truncated the datagram was longer than the buffer
 */
public record ReceivedMessage(byte[] data, byte[] sourceAddress, List<ControlMessage> controls, boolean truncated) {

    /** One cmsg: level, type and its data. */
    public record ControlMessage(int level, int type, byte[] data) {}

    public ControlMessage control(int level, int type) {
        for (ControlMessage c : controls) {
            if (c.level() == level && c.type() == type) {
                return c;
            }
        }
        return null;
    }
}
