package org.keepalivedj.api.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address we place on an interface (a VIP or a static address).
 * Two values are the same address when interface, address and prefix length are equal: those
 * are what the kernel uses to tell addresses apart; the other fields are how it was added.
 *
 * @param interfaceName the interface, e.g. {@code eth0}
 * @param address       IPv4 or IPv6 address
 * @param prefixLength  0-32 or 0-128
 * @param scope         address scope (IPv4; for IPv6 the kernel derives the scope from the address)
 * @param label         IPv4 label ({@code eth0:vip}), or null
 * @param broadcast     IPv4 broadcast address, or null
 * @param noDad         IPv6: skip duplicate address detection
 */
public record VirtualAddress(String interfaceName, InetAddress address, int prefixLength, AddressScope scope,
                             String label, InetAddress broadcast, boolean noDad) {

    public VirtualAddress {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(scope, "scope");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0-" + max
                    + " for " + address.getHostAddress());
        }
        if (interfaceName.isEmpty() || interfaceName.length() > 15) {
            throw new IllegalArgumentException("interface name must be 1-15 characters: '" + interfaceName + "'");
        }
        if (label != null && label.length() > 15) {
            throw new IllegalArgumentException("label must be at most 15 characters: '" + label + "'");
        }
    }

    /** A global-scope address with no label, broadcast or nodad. */
    public static VirtualAddress of(String interfaceName, InetAddress address, int prefixLength) {
        return new VirtualAddress(interfaceName, address, prefixLength, AddressScope.GLOBAL, null, null, false);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** True when both name the same kernel address (interface, address, prefix). */
    public boolean sameAddress(VirtualAddress other) {
        return interfaceName.equals(other.interfaceName) && address.equals(other.address)
                && prefixLength == other.prefixLength;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " dev " + interfaceName
                + (scope != AddressScope.GLOBAL ? " scope " + scope.name().toLowerCase(java.util.Locale.ROOT) : "")
                + (label != null ? " label " + label : "")
                + (broadcast != null ? " brd " + broadcast.getHostAddress() : "")
                + (noDad ? " nodad" : "");
    }
}
