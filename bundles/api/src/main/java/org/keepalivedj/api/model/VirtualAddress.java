package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;

/**
 * One address line: {@code 192.0.2.1/24 dev eth0 brd 192.0.2.255 scope global label eth0:1 -nodad},
 * every value checked when the config was loaded.
 *
 * @param device     the interface, or null for the VRRP instance's own
 * @param broadcast  IPv4 broadcast ("+" and "-" already worked out), or null
 * @param label      IPv4 label, at most 15 characters, or null
 * @param noTrack    keepalived's no_track: a deleted address does not take the instance out of MASTER
 * @param trackGroup static addresses: the track_group whose instances follow this address, or null
 * @param useVmac    the address goes on a VMAC of its own (a private-mode macvlan on its device, or on the
 *                   instance's interface without one, with the VRRP virtual MAC of the address's family):
 *                   use_vmac on its line, or the instance's use_vmac_addr for an address off the instance's
 *                   interface or of the other family. The VRRP engine names the VMAC.
 */
public record VirtualAddress(
        Origin origin,
        IpPrefix address,
        String device,
        AddressScope scope,
        InetAddress broadcast,
        String label,
        Set<AddressFlag> flags,
        boolean noTrack,
        String trackGroup,
        boolean useVmac) {
    public VirtualAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(scope, "scope");
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /** This line with {@code useVmac} set (use_vmac_addr picked it). */
    public VirtualAddress withVmac() {
        return new VirtualAddress(origin, address, device, scope, broadcast, label, flags, noTrack, trackGroup, true);
    }

    public Family family() {
        return address.family();
    }
}
