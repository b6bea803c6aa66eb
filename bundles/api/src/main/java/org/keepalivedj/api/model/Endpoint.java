package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.util.Objects;

/** An IP address and a port (0 when the port is not given). */
public record Endpoint(InetAddress address, int port) {
    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 0-65535");
        }
    }

    public Family family() {
        return Family.of(address);
    }

    /** 192.0.2.1:80, [2001:db8::1]:80 */
    @Override
    public String toString() {
        String a = IpAddresses.format(address);
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }
}
