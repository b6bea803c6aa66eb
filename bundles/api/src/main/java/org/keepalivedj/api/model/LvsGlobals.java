package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The global_defs keywords that set the data plane as a whole rather than one virtual server.
 *
 * @param timeouts     lvs_timeouts; null when not set (the kernel's stay as they are)
 * @param flushAtStart lvs_flush: empty the kernel's whole table before the first services are added
 * @param flushOnStop  lvs_flush_on_stop
 * @param syncDaemon   lvs_sync_daemon; null when not set
 */
public record LvsGlobals(Timeouts timeouts, boolean flushAtStart, FlushOnStop flushOnStop, SyncDaemon syncDaemon) {
    public static final LvsGlobals NONE = new LvsGlobals(null, false, FlushOnStop.OURS, null);

    public LvsGlobals {
        Objects.requireNonNull(flushOnStop, "flushOnStop");
    }

    /**
     * What leaves the table at stop: our services (the default), the whole table ({@code
     * lvs_flush_on_stop}), or our services without removing their real servers first ({@code
     * lvs_flush_on_stop VS}: the kernel drops them with the service, which is what keepalived-j's
     * removal does anyway).
     */
    public enum FlushOnStop {
        OURS,
        ALL,
        VS
    }

    /** Which side of the connection sync a daemon runs. */
    public enum SyncRole {
        MASTER,
        BACKUP
    }

    /** IPVS connection timeouts in seconds (0 leaves that one as it is). */
    public record Timeouts(int tcp, int tcpFin, int udp) {
        @Override
        public String toString() {
            return "tcp " + tcp + " tcpfin " + tcpFin + " udp " + udp;
        }
    }

    /**
     * {@code lvs_sync_daemon INTERFACE [[inst] VRRP_INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group ADDR]}.
     *
     * @param instance  the vrrp_instance whose state the daemons follow; null: master and backup both run
     * @param syncId    0-255; null: the instance's virtual_router_id, else 0
     * @param maxLength packet length; 0, as port, ttl and a null group: the kernel's default
     */
    public record SyncDaemon(
            String interfaceName,
            String instance,
            Integer syncId,
            int maxLength,
            int port,
            int ttl,
            InetAddress group) {
        public SyncDaemon {
            Objects.requireNonNull(interfaceName, "interfaceName");
        }
    }
}
