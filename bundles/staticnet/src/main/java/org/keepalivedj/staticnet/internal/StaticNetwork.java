package org.keepalivedj.staticnet.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.daemon.ReloadPlan.Action;
import org.keepalivedj.api.daemon.ReloadPlan.Section;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.ModelDiff;
import org.keepalivedj.api.net.AddressManager;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.api.net.NetworkOperationException;
import org.keepalivedj.netlink.ConfigTranslation;
import org.keepalivedj.netlink.Errno;
import org.keepalivedj.netlink.ErrnoException;
import org.keepalivedj.netlink.RtNetlink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static_ipaddress, static_routes and static_rules of the running config, held in the kernel.
 * What the config declares is ours: added at start, re-added when someone removes it, removed at
 * stop. A reload changes only what differs. A new line that cannot be applied (no such device) is
 * logged and retried at the next reassert; it never stops the others. A changed address line is
 * checked before the address it replaces is removed: when its device does not exist, the old
 * address stays and the reload reports the line as not applied.
 */
final class StaticNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(StaticNetwork.class);

    private final AddressManager addresses;
    private final RtNetlink rtnl;
    private Set<ManagedAddress> wantedAddresses = Set.of();
    private Set<IpRoute> wantedRoutes = Set.of();
    private Set<IpRule> wantedRules = Set.of();

    StaticNetwork(AddressManager addresses, RtNetlink rtnl) {
        this.addresses = addresses;
        this.rtnl = rtnl;
    }

    /**
     * Makes the kernel hold exactly the static lines of this config (of ours). Returns the lines not
     * applied because the kernel would refuse them while they replace a held address, as
     * {@code file:line:col: message}; those addresses stay as they were.
     */
    synchronized List<String> apply(KeepalivedConfig config) {
        Wanted next = wanted(config, true);
        // Removed first (rules, routes, then addresses they may depend on), then added in reverse.
        ModelDiff.minus(wantedRules, next.rules()).forEach(this::deleteRule);
        ModelDiff.minus(wantedRoutes, next.routes()).forEach(this::deleteRoute);
        ModelDiff.minus(wantedAddresses, next.addresses()).forEach(this::removeAddress);
        wantedAddresses = next.addresses();
        wantedRoutes = next.routes();
        wantedRules = next.rules();
        reassert();
        return next.notApplied();
    }

    /** What {@link #apply} would change for this config, decided the same way; changes nothing. */
    synchronized ReloadPlan plan(KeepalivedConfig config) {
        Wanted next = wanted(config, false);
        ReloadPlan.Builder plan = new ReloadPlan.Builder();
        ModelDiff.minus(wantedAddresses, next.addresses())
                .forEach(a -> plan.add(Section.STATIC_IPADDRESS, Action.REMOVE, a.toString(), null, null, null));
        ModelDiff.minus(next.addresses(), wantedAddresses)
                .forEach(a -> plan.add(Section.STATIC_IPADDRESS, Action.ADD, a.toString(), null, null, null));
        ModelDiff.minus(wantedRoutes, next.routes())
                .forEach(r -> plan.add(Section.STATIC_ROUTES, Action.REMOVE, r.toString(), null, null, null));
        ModelDiff.minus(next.routes(), wantedRoutes)
                .forEach(r -> plan.add(Section.STATIC_ROUTES, Action.ADD, r.toString(), null, null, null));
        ModelDiff.minus(wantedRules, next.rules())
                .forEach(r -> plan.add(Section.STATIC_RULES, Action.REMOVE, r.toString(), null, null, null));
        ModelDiff.minus(next.rules(), wantedRules)
                .forEach(r -> plan.add(Section.STATIC_RULES, Action.ADD, r.toString(), null, null, null));
        return plan.build();
    }

    /** What a config makes ours, with the address lines that cannot replace a held address yet. */
    private record Wanted(
            Set<ManagedAddress> addresses, Set<IpRoute> routes, Set<IpRule> rules, List<String> notApplied) {}

    private Wanted wanted(KeepalivedConfig config, boolean log) {
        // the loader gave every static address a device (dev, else default_interface)
        Set<ManagedAddress> newAddresses = new LinkedHashSet<>();
        List<String> notApplied = new ArrayList<>();
        for (var line : config.staticAddresses()) {
            ManagedAddress a = ConfigTranslation.address(line, null);
            ManagedAddress replaced = replacedBy(a);
            if (replaced != null && !linkExists(a.interfaceName())) {
                String message =
                        line.origin() + ": static_ipaddress " + a + ": no such device (" + replaced + " is kept)";
                if (log) {
                    LOG.error("static_ipaddress {} cannot replace {}: {}", a, replaced, message);
                }
                notApplied.add(message);
                newAddresses.add(replaced);
            } else {
                newAddresses.add(a);
            }
        }
        return new Wanted(
                newAddresses,
                new LinkedHashSet<>(config.staticRoutes()),
                new LinkedHashSet<>(config.staticRules()),
                notApplied);
    }

    /** The held address a new line replaces: same IP, held now, and not wanted as it is. */
    private ManagedAddress replacedBy(ManagedAddress next) {
        if (wantedAddresses.contains(next)) {
            return null;
        }
        return wantedAddresses.stream()
                .filter(a -> a.address().equals(next.address()))
                .findFirst()
                .orElse(null);
    }

    private boolean linkExists(String name) {
        try {
            return rtnl.findLink(name).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Adds whatever of ours is missing (after someone removed it, or a link came up). */
    synchronized void reassert() {
        wantedAddresses.forEach(this::addAddress);
        wantedRoutes.forEach(this::addRoute);
        wantedRules.forEach(this::addRule);
    }

    /** Removes everything of ours (daemon stop). */
    synchronized void removeAll() {
        wantedRules.forEach(this::deleteRule);
        wantedRoutes.forEach(this::deleteRoute);
        wantedAddresses.forEach(this::removeAddress);
        wantedAddresses = Set.of();
        wantedRoutes = Set.of();
        wantedRules = Set.of();
    }

    synchronized boolean isOurs(ManagedAddress address) {
        return wantedAddresses.stream().anyMatch(a -> a.sameAddress(address));
    }

    synchronized int size() {
        return wantedAddresses.size() + wantedRoutes.size() + wantedRules.size();
    }

    private void addAddress(ManagedAddress a) {
        try {
            if (addresses.add(a)) {
                LOG.info("static_ipaddress {} added", a);
            }
        } catch (NetworkOperationException e) {
            LOG.error("static_ipaddress {} cannot be added: {}", a, e.getMessage());
        }
    }

    private void removeAddress(ManagedAddress a) {
        try {
            addresses.remove(a);
        } catch (NetworkOperationException e) {
            LOG.error("static_ipaddress {} cannot be removed: {}", a, e.getMessage());
        }
    }

    private void addRoute(IpRoute r) {
        add("static_routes", r, () -> rtnl.addRoute(r));
    }

    private void deleteRoute(IpRoute r) {
        delete("static_routes", r, () -> rtnl.deleteRoute(r), Errno.ESRCH, Errno.ENOENT, Errno.ENODEV);
    }

    private void addRule(IpRule r) {
        add("static_rules", r, () -> rtnl.addRule(r));
    }

    private void deleteRule(IpRule r) {
        delete("static_rules", r, () -> rtnl.deleteRule(r), Errno.ENOENT, Errno.ESRCH);
    }

    /** One route or rule request to the kernel. */
    private interface KernelRequest {
        void send() throws NetworkOperationException;
    }

    /** Adds a static line; one that is already there is fine, any other failure is logged. */
    private static void add(String keyword, Object line, KernelRequest request) {
        try {
            request.send();
            LOG.info("{} {} added", keyword, line);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EEXIST) {
                LOG.error("{} {} cannot be added: {}", keyword, line, e.getMessage());
            }
        } catch (NetworkOperationException e) {
            LOG.error("{} {} cannot be added: {}", keyword, line, e.getMessage());
        }
    }

    /** Removes a static line; one that is gone already (the errnos given) is fine, any other failure is logged. */
    private static void delete(String keyword, Object line, KernelRequest request, int... gone) {
        try {
            request.send();
        } catch (ErrnoException e) {
            if (IntStream.of(gone).noneMatch(errno -> errno == e.errno())) {
                LOG.error("{} {} cannot be removed: {}", keyword, line, e.getMessage());
            }
        } catch (NetworkOperationException e) {
            LOG.error("{} {} cannot be removed: {}", keyword, line, e.getMessage());
        }
    }
}
