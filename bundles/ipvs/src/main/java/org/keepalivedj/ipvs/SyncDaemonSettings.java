package org.keepalivedj.ipvs;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The IPVS connection sync daemon (keepalived's {@code lvs_sync_daemon INTERFACE VRRP_INSTANCE
 * [id N] [maxlen N] [port N] [ttl N] [group ADDR]}); 0 or null leaves the kernel's default.
 */
public record SyncDaemonSettings(
        State state, String interfaceName, int syncId, int maxLength, int port, int ttl, InetAddress group) {
    /** Which side of the sync the daemon runs. */
    public enum State {
        MASTER(1),
        BACKUP(2);

        /** The kernel's IP_VS_STATE_* number. */
        public final int code;

        State(int code) {
            this.code = code;
        }

        public static State of(int code) {
            for (State s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            return null;
        }
    }

    public SyncDaemonSettings {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(interfaceName, "interfaceName");
        if (syncId < 0 || syncId > 255) {
            throw new IllegalArgumentException("sync id out of range 0-255: " + syncId);
        }
    }

    @Override
    public String toString() {
        return state + " on " + interfaceName + " syncid " + syncId;
    }
}
