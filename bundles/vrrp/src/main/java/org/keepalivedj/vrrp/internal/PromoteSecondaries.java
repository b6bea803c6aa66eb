package org.keepalivedj.vrrp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * promote_secondaries, as keepalived sets it: net.ipv4.conf.IF.promote_secondaries is 1 while an
 * instance that asks for it runs on IF (so removing the interface's primary address promotes a VIP
 * in the same subnet instead of deleting it), and is put back as it was when the last one stops.
 * Timer thread only: /proc/sys/net is the calling thread's network namespace.
 */
final class PromoteSecondaries {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    private final Map<String, Integer> users = new HashMap<>();
    private final Map<String, String> before = new HashMap<>();

    /** Sets the flag on the interface (again, if it was re-created) and counts the user. */
    void acquire(String ifname, boolean again) {
        Path p = path(ifname);
        try {
            if (!again && users.merge(ifname, 1, Integer::sum) == 1) {
                before.put(ifname, Files.readString(p).strip());
            }
            Files.writeString(p, "1");
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot set promote_secondaries on {}: {}", ifname, e.getMessage());
        }
    }

    /** The last user of the interface gone: its value before the first one is written back. */
    void release(String ifname) {
        Integer n = users.computeIfPresent(ifname, (k, v) -> v == 1 ? null : v - 1);
        String value = n == null ? before.remove(ifname) : null;
        if (value != null) {
            try {
                Files.writeString(path(ifname), value);
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot restore promote_secondaries on {}: {}", ifname, e.getMessage());
            }
        }
    }

    private static Path path(String ifname) {
        if (ifname.contains("/") || ifname.startsWith(".")) {
            throw new IllegalArgumentException("not an interface name: " + ifname);
        }
        return Path.of("/proc/sys/net/ipv4/conf", ifname, "promote_secondaries");
    }
}
