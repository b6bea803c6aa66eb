package org.keepalivedj.vrrp.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * no_accept mode: packets addressed to the virtual addresses of a non-owner instance are dropped
 * in the input hook of our own nftables table, {@code inet keepalivedj_vrrp} (the data plane's
 * table {@code inet keepalivedj} is left alone). The rule only matches while the address is
 * local, that is while we are MASTER, so it is installed at start and removed at stop, never on
 * the takeover path. IPv6 neighbour discovery to the address stays allowed, or the VIP could not
 * be resolved. Each change rewrites the whole table in one {@code nft -f -} transaction.
 */
final class AcceptFilter {

    static final String TABLE = "keepalivedj_vrrp";
    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    private final String nft;
    private final Map<String, Set<InetAddress>> blocked = new LinkedHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private boolean installed;
    private boolean leftoversRemoved;

    /** @param nft the nft command (normally "nft", found on the PATH or in /usr/sbin) */
    AcceptFilter(String nft) {
        this.nft = nft;
    }

    /** Drops packets to these addresses from now on (they belong to the named instance). */
    void block(String instance, Collection<InetAddress> addresses) {
        blocked.put(instance, new LinkedHashSet<>(addresses));
        apply();
    }

    /** The instance stopped: its addresses accept again. */
    void unblock(String instance) {
        if (blocked.remove(instance) != null) {
            apply();
        }
    }

    /**
     * A run that crashed may have left its table, which would keep dropping packets to VIPs that
     * now accept: removed once, before the first instance starts. Quiet when nft is missing.
     */
    void removeLeftovers() {
        if (leftoversRemoved || installed) {
            return;
        }
        leftoversRemoved = true;
        try {
            run(script(List.of(), List.of()));
        } catch (IOException e) {
            LOG.debug("no nftables table inet {} removed: {}", TABLE, e.getMessage());
        }
    }

    long failures() {
        return failures.get();
    }

    private void apply() {
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        for (Set<InetAddress> s : blocked.values()) {
            for (InetAddress a : s) {
                (a instanceof Inet6Address ? v6 : v4).add(a);
            }
        }
        if (v4.isEmpty() && v6.isEmpty() && !installed) {
            return;
        }
        String script = script(v4, v6);
        try {
            run(script);
            installed = !(v4.isEmpty() && v6.isEmpty());
        } catch (IOException e) {
            failures.incrementAndGet();
            LOG.error("no_accept: cannot program nftables table inet {} (packets to {} {} are NOT dropped): {}",
                    TABLE, v4, v6, e.getMessage());
        }
    }

    /** The whole table, replaced atomically; with nothing to block, the table is deleted. */
    static String script(List<InetAddress> v4, List<InetAddress> v6) {
        StringBuilder b = new StringBuilder();
        b.append("add table inet ").append(TABLE).append('\n');
        b.append("delete table inet ").append(TABLE).append('\n');
        if (v4.isEmpty() && v6.isEmpty()) {
            return b.toString();
        }
        b.append("table inet ").append(TABLE).append(" {\n");
        set(b, "no_accept4", "ipv4_addr", v4);
        set(b, "no_accept6", "ipv6_addr", v6);
        b.append("  chain input {\n    type filter hook input priority -1; policy accept;\n");
        b.append("    ip daddr @no_accept4 drop\n");
        b.append("    icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n");
        b.append("    ip6 daddr @no_accept6 drop\n  }\n}\n");
        return b.toString();
    }

    private static void set(StringBuilder b, String name, String type, List<InetAddress> elements) {
        b.append("  set ").append(name).append(" {\n    type ").append(type).append('\n');
        if (!elements.isEmpty()) {
            b.append("    elements = { ")
                    .append(String.join(", ", elements.stream().map(InetAddress::getHostAddress)
                            .map(s -> s.replaceAll("%.*$", "")).toList()))
                    .append(" }\n");
        }
        b.append("  }\n");
    }

    private void run(String script) throws IOException {
        Process p = new ProcessBuilder(nft, "-f", "-").redirectErrorStream(true).start();
        try {
            p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(nft + " did not finish within 10 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(nft + " exited with " + p.exitValue() + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + nft);
        }
    }
}
