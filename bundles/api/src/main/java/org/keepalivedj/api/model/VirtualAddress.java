package org.keepalivedj.api.model;

import java.util.Map;

/**
 * One address line: {@code 192.0.2.1/24 dev eth0 brd 192.0.2.255 scope global label eth0:1 ...}.
 * device is null when not given; options holds the other words in order (value "" for flags such
 * as home, -nodad, noprefixroute, autojoin, no_track).
 */
public record VirtualAddress(Origin origin, IpPrefix address, String device, Map<String, String> options) {
    public VirtualAddress {
        options = NamedMaps.copyOf(options);
    }

    public Family family() {
        return address.family();
    }
}
