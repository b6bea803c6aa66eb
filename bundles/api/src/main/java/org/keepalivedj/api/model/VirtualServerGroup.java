package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.util.List;

/** virtual_server_group NAME { ADDRESS[-LAST] [PORT] | fwmark N ... }. */
public record VirtualServerGroup(Origin origin, String name, List<Entry> entries) {
    public VirtualServerGroup {
        entries = List.copyOf(entries);
    }

    /**
     * One line: an address (with rangeEnd, the last byte or 16-bit group of a range, or -1) and port
     * (0 for none), or a firewall mark (address null).
     */
    public record Entry(Origin origin, InetAddress address, int rangeEnd, int port, int fwmark) {
        public boolean isFwmark() {
            return address == null;
        }
    }
}
