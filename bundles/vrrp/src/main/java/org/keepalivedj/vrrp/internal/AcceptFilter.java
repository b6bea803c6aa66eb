package org.keepalivedj.vrrp.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.net.NftTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * no_accept mode: packets addressed to the virtual addresses of a non-owner instance are dropped
 * in the input hook of our own nftables table, {@code inet keepalivedj_vrrp} (the data plane's
 * table {@code inet keepalivedj} is left alone). The rule only matches while the address is
 * local, that is while we are MASTER, so it is installed at start and removed at stop, never on
 * the takeover path. IPv6 neighbour discovery to the address stays allowed, or the VIP could not
 * be resolved. Each change rewrites the whole table in one transaction, through the nft bundle's
 * {@link NftTables} service; without it (the bundle is not installed) no_accept is an error.
 */
final class AcceptFilter {

    static final String TABLE = "keepalivedj_vrrp";
    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    private final Supplier<NftTables> nft;
    private final Map<String, Set<InetAddress>> blocked = new LinkedHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private boolean installed;
    private boolean leftoversRemoved;

    /** @param nft gives the nftables service, or null while there is none */
    AcceptFilter(Supplier<NftTables> nft) {
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
     * now accept: removed once, before the first instance starts. Quiet when nftables is missing.
     */
    void removeLeftovers() {
        if (leftoversRemoved || installed) {
            return;
        }
        leftoversRemoved = true;
        try {
            service().delete("inet", TABLE);
        } catch (RuntimeException e) {
            LOG.debug("no nftables table inet {} removed: {}", TABLE, e.getMessage());
        }
    }

    /**
     * The nftables service has just arrived: what could not be written without it is written now
     * (leftovers first, if they could not be removed at start).
     */
    void serviceArrived() {
        if (!installed) {
            leftoversRemoved = false;
            removeLeftovers();
            if (!blocked.isEmpty()) {
                apply();
                if (installed) {
                    LOG.info("no_accept: nftables table inet {} is programmed now", TABLE);
                }
            }
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
        try {
            if (v4.isEmpty() && v6.isEmpty()) {
                service().delete("inet", TABLE);
            } else {
                service().replace("inet", TABLE, body(v4, v6));
            }
            installed = !(v4.isEmpty() && v6.isEmpty());
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.error(
                    "no_accept: cannot program nftables table inet {} (packets to {} {} are NOT dropped): {}",
                    TABLE,
                    v4.stream().map(IpAddresses::format).toList(),
                    v6.stream().map(IpAddresses::format).toList(),
                    e.getMessage());
        }
    }

    /** The table's sets and chain (its contents, which the service writes whole). */
    static String body(List<InetAddress> v4, List<InetAddress> v6) {
        StringBuilder b = new StringBuilder();
        set(b, "no_accept4", "ipv4_addr", v4);
        set(b, "no_accept6", "ipv6_addr", v6);
        b.append("  chain input {\n    type filter hook input priority -1; policy accept;\n");
        b.append("    ip daddr @no_accept4 drop\n");
        b.append("    icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n");
        b.append("    ip6 daddr @no_accept6 drop\n  }");
        return b.toString();
    }

    private static void set(StringBuilder b, String name, String type, List<InetAddress> elements) {
        b.append("  set ").append(name).append(" {\n    type ").append(type).append('\n');
        if (!elements.isEmpty()) {
            // a set element takes no zone id
            b.append("    elements = { ")
                    .append(String.join(
                            ", ",
                            elements.stream()
                                    .map(IpAddresses::format)
                                    .map(s -> s.replaceAll("%.*$", ""))
                                    .toList()))
                    .append(" }\n");
        }
        b.append("  }\n");
    }

    private NftTables service() {
        NftTables service = nft.get();
        if (service == null) {
            throw new IllegalStateException(
                    "no nftables service (the nft bundle, feature keepalived-nft, is not running)");
        }
        return service;
    }
}
