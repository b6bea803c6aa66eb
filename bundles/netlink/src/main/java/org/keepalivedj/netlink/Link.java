package org.keepalivedj.netlink;

/**
 * A network interface as the kernel reports it.
 *
 * @param flags     IFF_* flags
 * @param mac       hardware address, or null (loopback has zeros, some tunnels none)
 * @param kind      the driver kind from IFLA_LINKINFO (veth, bridge, macvlan, ...) or null
 * @param parentIndex IFLA_LINK (a macvlan's lower device), 0 when none
 */
public record Link(
        int index,
        String name,
        int flags,
        byte[] mac,
        int mtu,
        String kind,
        int parentIndex,
        int masterIndex,
        int operState) {

    public static final int IFF_UP = 0x1;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_LOWER_UP = 0x10000;

    /** Administratively up. */
    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    /** Up and with carrier. */
    public boolean isRunning() {
        return (flags & IFF_RUNNING) != 0;
    }

    /** The MAC as aa:bb:cc:dd:ee:ff, or null. */
    public String macString() {
        return mac == null ? null : Macs.format(mac);
    }

    @Override
    public String toString() {
        return index + ": " + name + (kind != null ? " (" + kind + ")" : "") + " flags=0x" + Integer.toHexString(flags)
                + (mac != null ? " mac " + macString() : "") + " mtu " + mtu;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Link l
                && l.index == index
                && l.name.equals(name)
                && l.flags == flags
                && java.util.Arrays.equals(l.mac, mac)
                && l.mtu == mtu
                && java.util.Objects.equals(l.kind, kind)
                && l.parentIndex == parentIndex
                && l.masterIndex == masterIndex
                && l.operState == operState;
    }

    @Override
    public int hashCode() {
        return index * 31 + name.hashCode();
    }
}
