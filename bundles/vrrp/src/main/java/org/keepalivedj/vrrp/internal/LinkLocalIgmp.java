package org.keepalivedj.vrrp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * global_defs disable_local_igmp: sets net.ipv4.igmp_link_local_mcast_reports to 0 while it is
 * configured, so the host sends no IGMP reports for link-local groups such as VRRP's 224.0.0.18
 * (switches forward those groups to every port anyway, RFC 4541), and puts back the value it found
 * when the keyword goes or the engine stops, as keepalived does. The sysctl is per network
 * namespace: call it on a thread in the engine's namespace.
 */
final class LinkLocalIgmp {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");
    static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/igmp_link_local_mcast_reports");

    private final Path sysctl;
    /** The value found before we wrote 0; null while we have not changed it. */
    private String saved;

    LinkLocalIgmp(Path sysctl) {
        this.sysctl = sysctl;
    }

    /** Follows the config: disabled (0) while disable is true, the saved value otherwise. */
    void apply(boolean disable) {
        if (disable && saved == null) {
            try {
                String was = Files.readString(sysctl).strip();
                Files.writeString(sysctl, "0\n");
                saved = was;
            } catch (IOException e) {
                // Linux before 4.3 has no such sysctl: keepalived carries on too
                LOG.warn("disable_local_igmp: cannot set {}: {}", sysctl, e.getMessage());
            }
        } else if (!disable) {
            restore();
        }
    }

    /** Puts back what was there before (engine stop). */
    void restore() {
        if (saved == null) {
            return;
        }
        try {
            Files.writeString(sysctl, saved + "\n");
        } catch (IOException e) {
            LOG.warn("disable_local_igmp: cannot restore {}: {}", sysctl, e.getMessage());
        }
        saved = null;
    }
}
