package org.keepalivedj.netlink;

import java.time.Duration;
import org.keepalivedj.netlink.internal.LibC;
import org.keepalivedj.netlink.internal.NativeSocket;
import org.keepalivedj.netlink.internal.ReceivedMessage;
import org.keepalivedj.netlink.internal.SocketAddresses;

/**
 * An AF_PACKET raw socket on one interface: sends whole Ethernet frames (gratuitous ARP,
 * unsolicited neighbour advertisements, see {@link Frames}) and receives frames of one EtherType.
 */
public final class PacketSocket implements AutoCloseable {

    public static final int ETH_P_ALL = 0x0003;
    public static final int ETH_P_IP = 0x0800;
    public static final int ETH_P_ARP = 0x0806;
    public static final int ETH_P_IPV6 = 0x86DD;
    private static final int SOCK_RAW = 3;

    private final NativeSocket socket;
    private final int interfaceIndex;
    private final int etherType;

    private PacketSocket(NativeSocket socket, int interfaceIndex, int etherType) {
        this.socket = socket;
        this.interfaceIndex = interfaceIndex;
        this.etherType = etherType;
    }

    /** Opens a socket bound to the interface, receiving frames of the EtherType. */
    public static PacketSocket open(String interfaceName, int etherType) {
        int index = LibC.get().if_nametoindex(interfaceName);
        if (index == 0) {
            throw new ErrnoException("no interface " + interfaceName, Errno.ENODEV, null);
        }
        NativeSocket s = NativeSocket.open(
                SocketAddresses.AF_PACKET, SOCK_RAW, SocketAddresses.networkOrder16(etherType), "AF_PACKET", 65536);
        try {
            s.bind(SocketAddresses.link(etherType, index, null));
            return new PacketSocket(s, index, etherType);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** Sends a complete Ethernet frame (destination MAC first) out of the interface. */
    public void send(byte[] frame) {
        byte[] destination = java.util.Arrays.copyOf(frame, 6);
        socket.sendTo(frame, frame.length, SocketAddresses.link(etherType, interfaceIndex, destination));
    }

    /** The next frame (with its Ethernet header), or null after the timeout. */
    public byte[] receive(Duration timeout) {
        ReceivedMessage m = socket.receiveBefore(System.nanoTime() + timeout.toNanos());
        return m == null ? null : m.data();
    }

    @Override
    public void close() {
        socket.close();
    }
}
