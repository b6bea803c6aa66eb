package org.keepalivedj.api.lvs;

import java.net.InetAddress;
import java.util.Objects;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.Protocol;

/**
 * Identifies one kernel virtual service: address, port and protocol, or a firewall mark (then address
 * is null and port 0). A virtual_server_group expands into several keys.
 */
public record ServiceKey(Family family, Protocol protocol, InetAddress address, int port, int fwmark) {
    public ServiceKey {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(protocol, "protocol");
        if ((address == null) == (fwmark == 0)) {
            throw new IllegalArgumentException("a service has either an address or a firewall mark");
        }
        if (address != null && Family.of(address) != family) {
            throw new IllegalArgumentException(IpAddresses.format(address) + " is not " + family.keyword());
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
    }

    public static ServiceKey of(InetAddress address, int port, Protocol protocol) {
        return new ServiceKey(Family.of(address), protocol, address, port, 0);
    }

    public static ServiceKey fwmark(int mark, Family family, Protocol protocol) {
        return new ServiceKey(family, protocol, null, 0, mark);
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }

    /** As ipvsadm and keepalived's logs print it: {@code [192.0.2.1]:tcp:80} or {@code FWM 1}. */
    @Override
    public String toString() {
        return isFwmark()
                ? "FWM " + fwmark + " (" + family.keyword() + ")"
                : "[" + IpAddresses.format(address) + "]:" + protocol.keyword() + ":" + port;
    }
}
