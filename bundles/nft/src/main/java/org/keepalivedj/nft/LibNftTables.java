package org.keepalivedj.nft;

import java.util.Set;
import java.util.regex.Pattern;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.api.net.NetworkOperationException;
import org.keepalivedj.api.net.NftTables;
import org.keepalivedj.nft.internal.NftContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link NftTables} over libnftables: each call is one script in nft's own syntax, run as one
 * transaction. A replacement is {@code add table; delete table; table { body }}, so the table is
 * swapped whole and never missing in between, and a deletion of an absent table is no error.
 *
 * <p>The libnftables context is opened at the first call, in the network namespace of the thread
 * making it (as a service: the daemon's network namespace, net_namespace when the config names
 * one), and closed by {@link #close}.
 */
@Component(service = NftTables.class)
public final class LibNftTables implements NftTables, AutoCloseable {

    private static final Set<String> FAMILIES = Set.of("ip", "ip6", "inet", "arp", "bridge", "netdev");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private NftContext context;

    @Reference
    private volatile DaemonNetworkNamespace namespace;

    @Override
    public void replace(String family, String name, String body) {
        run(family, name, "table " + family + " " + name + " {\n" + body + "\n}\n");
    }

    @Override
    public void delete(String family, String name) {
        run(family, name, "");
    }

    /** Runs the script after making sure the table exists, then deleting it: one transaction. */
    private synchronized void run(String family, String name, String table) {
        if (!FAMILIES.contains(family) || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an nftables table: " + family + " " + name);
        }
        String script = "add table " + family + " " + name + "\ndelete table " + family + " " + name + "\n" + table;
        NftContext.Result result;
        try {
            if (context == null) {
                DaemonNetworkNamespace ns = namespace;
                context = NftContext.open(ns == null ? null : ns.name(), false);
            }
            result = context.run(script);
        } catch (RuntimeException | LinkageError e) {
            throw new NetworkOperationException(
                    "nftables: cannot write table " + family + " " + name + " (libnftables): " + e.getMessage(), e);
        }
        if (!result.ok()) {
            throw new NetworkOperationException(
                    "nftables: cannot write table " + family + " " + name + ": " + result.error());
        }
    }

    @Deactivate
    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
