package org.keepalivedj.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.net.AddressScope;

/**
 * An address on an interface, as the kernel reports it.
 *
 * @param flags IFA_F_* flags
 */
public record IfAddress(
        int interfaceIndex,
        InetAddress address,
        int prefixLength,
        AddressScope scope,
        int flags,
        String label,
        InetAddress broadcast) {

    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_TENTATIVE = 0x40;
    public static final int IFA_F_PERMANENT = 0x80;

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + prefixLength + " if " + interfaceIndex + " scope " + scope
                + (label != null ? " label " + label : "")
                + (broadcast != null ? " brd " + IpAddresses.format(broadcast) : "");
    }
}
