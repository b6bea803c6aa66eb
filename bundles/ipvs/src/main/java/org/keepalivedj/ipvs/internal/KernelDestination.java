package org.keepalivedj.ipvs.internal;

import java.net.InetAddress;
import java.util.Objects;
import org.keepalivedj.api.model.IpAddresses;

/**
 * A real server in the kernel's own terms.
 *
 * @param forwarding IP_VS_CONN_F_MASQ, _TUNNEL or _DROUTE
 * @param tunnelType IP_VS_CONN_F_TUNNEL_TYPE_* (0 = ipip, also when not a tunnel)
 * @param tunnelFlags IP_VS_TUNNEL_ENCAP_FLAG_* (csum, remcsum)
 */
record KernelDestination(
        InetAddress address,
        int port,
        int forwarding,
        int weight,
        int upperThreshold,
        int lowerThreshold,
        int tunnelType,
        int tunnelPort,
        int tunnelFlags) {
    KernelDestination {
        Objects.requireNonNull(address, "address");
    }

    /** Address and port: what identifies a destination inside its service. */
    Endpoint endpoint() {
        return new Endpoint(address, port);
    }

    record Endpoint(InetAddress address, int port) {
        @Override
        public String toString() {
            return "[" + IpAddresses.format(address) + "]:" + port;
        }
    }
}
