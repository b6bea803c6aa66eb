package org.keepalivedj.api.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.keepalivedj.api.model.IpAddresses;

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
 * @param flags         kernel address flags (nodad, home, mngtmpaddr, noprefixroute, autojoin)
 */
public record ManagedAddress(
        String interfaceName,
        InetAddress address,
        int prefixLength,
        AddressScope scope,
        String label,
        InetAddress broadcast,
        Set<AddressFlag> flags) {

    public ManagedAddress {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(scope, "scope");
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " out of range 0-" + max + " for " + IpAddresses.format(address));
        }
        if (interfaceName.isEmpty() || interfaceName.length() > 15) {
            throw new IllegalArgumentException("interface name must be 1-15 characters: '" + interfaceName + "'");
        }
        if (label != null && label.length() > 15) {
            throw new IllegalArgumentException("label must be at most 15 characters: '" + label + "'");
        }
    }

    /** A global-scope address with no label, broadcast or flags. */
    public static ManagedAddress of(String interfaceName, InetAddress address, int prefixLength) {
        return new ManagedAddress(interfaceName, address, prefixLength, AddressScope.GLOBAL, null, null, Set.of());
    }

    /** IPv6: skip duplicate address detection. */
    public boolean noDad() {
        return flags.contains(AddressFlag.NODAD);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** True when both name the same kernel address (interface, address, prefix). */
    public boolean sameAddress(ManagedAddress other) {
        return interfaceName.equals(other.interfaceName)
                && address.equals(other.address)
                && prefixLength == other.prefixLength;
    }

    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + prefixLength + " dev " + interfaceName
                + (!scope.equals(AddressScope.GLOBAL) ? " scope " + scope.name() : "")
                + (label != null ? " label " + label : "")
                + (broadcast != null ? " brd " + IpAddresses.format(broadcast) : "")
                + flags.stream().map(f -> " " + f.keyword()).collect(Collectors.joining());
    }
}
