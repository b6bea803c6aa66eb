package org.keepalivedj.api.lvs;

import java.net.InetAddress;
import java.util.Objects;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.IpAddresses;

/**
 * A real server as the data plane holds it. Weight 0 keeps it present but gives it no new
 * connections (inhibit_on_failure, a drain); existing connections keep flowing.
 */
public record Destination(
        InetAddress address, int port, int weight, ForwardingMethod method, int upperThreshold, int lowerThreshold) {
    public Destination {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(method, "method");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
    }

    public Destination withWeight(int newWeight) {
        return new Destination(address, port, newWeight, method, upperThreshold, lowerThreshold);
    }

    /** Destinations are the same real server when address and port match. */
    public boolean sameServer(Destination other) {
        return address.equals(other.address) && port == other.port;
    }

    @Override
    public String toString() {
        return "[" + IpAddresses.format(address) + "]:" + port;
    }
}
