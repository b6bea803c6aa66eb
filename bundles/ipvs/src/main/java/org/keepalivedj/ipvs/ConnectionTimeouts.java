package org.keepalivedj.ipvs;

/**
 * IPVS connection timeouts (keepalived's {@code lvs_timeouts}), in seconds; 0 means "leave as is"
 * when setting.
 */
public record ConnectionTimeouts(int tcpSeconds, int tcpFinSeconds, int udpSeconds) {
    public ConnectionTimeouts {
        if (tcpSeconds < 0 || tcpFinSeconds < 0 || udpSeconds < 0) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
    }

    @Override
    public String toString() {
        return "tcp " + tcpSeconds + " tcpfin " + tcpFinSeconds + " udp " + udpSeconds;
    }
}
