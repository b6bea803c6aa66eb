package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What use_ipvlan adds to a {@link Vmac}: the instance's virtual interface is an L2-mode ipvlan on
 * its interface instead of a macvlan. address (with prefixLength) goes on the ipvlan and is the
 * source of the adverts; it is null only for IPv6, where the link-local address is used. mode is
 * bridge (keepalived's default), private or vepa.
 */
public record Ipvlan(InetAddress address, int prefixLength, String mode) {
    public Ipvlan {
        Objects.requireNonNull(mode);
        if (!mode.equals("bridge") && !mode.equals("private") && !mode.equals("vepa")) {
            throw new IllegalArgumentException("ipvlan mode must be bridge, private or vepa: " + mode);
        }
    }

    @Override
    public String toString() {
        return (address != null ? IpAddresses.format(address) + "/" + prefixLength + " " : "") + mode;
    }
}
