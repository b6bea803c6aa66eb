package org.keepalivedj.netlink;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.net.AddressManager;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.netlink.internal.AddressStateFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AddressManager} over rtnetlink. What it adds is written to a state file
 * ({@value #STATE_FILE} in the data directory, a journal) before the kernel is asked, so a later run can
 * remove exactly those addresses with {@link #removeLeftovers()} after a crash.
 */
public final class NetlinkAddressManager implements AddressManager {

    public static final String STATE_FILE = "addresses.state";
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkAddressManager.class);

    private final RtNetlink rtnl;
    private final AddressStateFile state;
    /** What we added, by what tells kernel addresses apart (interface, address, prefix). */
    private final Map<Key, ManagedAddress> ours = new LinkedHashMap<>();

    private final List<ManagedAddress> leftovers;
    private final Map<String, Integer> indexes = new HashMap<>();

    private record Key(String interfaceName, InetAddress address, int prefixLength) {
        static Key of(ManagedAddress a) {
            return new Key(a.interfaceName(), a.address(), a.prefixLength());
        }
    }

    public NetlinkAddressManager(RtNetlink rtnl, Path dataDirectory) {
        this.rtnl = rtnl;
        this.state = new AddressStateFile(dataDirectory.resolve(STATE_FILE));
        this.leftovers = new ArrayList<>(state.read());
    }

    /** A manager for the current network namespace. */
    public static NetlinkAddressManager open(Path dataDirectory) {
        return new NetlinkAddressManager(RtNetlink.open(), dataDirectory);
    }

    /** A manager for a named network namespace (its socket is opened there). */
    public static NetlinkAddressManager open(String namespace, Path dataDirectory) throws Exception {
        return new NetlinkAddressManager(NetworkNamespace.call(namespace, RtNetlink::open), dataDirectory);
    }

    @Override
    public synchronized boolean add(ManagedAddress address) {
        ManagedAddress known = ours.get(Key.of(address));
        if (known != null && isPresent(address)) {
            return false;
        }
        if (known == null) {
            ours.put(Key.of(address), address);
            state.append(true, address);
        }
        try {
            withIndex(address, index -> rtnl.addAddress(address, index));
            LOG.debug("added {}", address);
            return true;
        } catch (NetlinkException e) {
            ours.remove(Key.of(address));
            state.append(false, address);
            if (e.errno() == Errno.EEXIST) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public synchronized boolean remove(ManagedAddress address) {
        boolean removed = delete(address);
        if (removed) {
            LOG.debug("removed {}", address);
        }
        ManagedAddress known = ours.remove(Key.of(address));
        if (known != null) {
            state.append(false, known);
        }
        return removed;
    }

    private boolean delete(ManagedAddress address) {
        try {
            withIndex(address, index -> rtnl.deleteAddress(address, index));
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL || e.errno() == Errno.ENODEV) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean isPresent(ManagedAddress address) {
        int index;
        try {
            index = rtnl.indexOf(address.interfaceName());
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return false;
            }
            throw e;
        }
        int family = address.isIpv4() ? 2 : 10;
        for (IfAddress a : rtnl.addresses(family)) {
            if (a.interfaceIndex() == index
                    && a.address().equals(address.address())
                    && a.prefixLength() == address.prefixLength()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized Set<ManagedAddress> added() {
        return Set.copyOf(ours.values());
    }

    @Override
    public synchronized int removeAll() {
        int count = 0;
        // One state write at the end: if we die half-way, the record still lists addresses that
        // are already gone, and removing an absent address later is harmless.
        for (ManagedAddress a : new ArrayList<>(ours.values())) {
            if (delete(a)) {
                LOG.debug("removed {}", a);
                count++;
            }
        }
        ours.clear();
        save();
        return count;
    }

    @Override
    public synchronized int removeLeftovers() {
        int count = 0;
        for (ManagedAddress a : new ArrayList<>(leftovers)) {
            if (!ours.containsKey(Key.of(a)) && delete(a)) {
                LOG.info("removed {} left by an earlier run", a);
                count++;
            }
            leftovers.remove(a);
        }
        save();
        return count;
    }

    /**
     * Runs a request with the interface's index, cached by name. The kernel does not reuse an
     * index soon, so a stale entry shows up as ENODEV: then the name is looked up again, once.
     */
    private void withIndex(ManagedAddress address, java.util.function.IntConsumer request) {
        String name = address.interfaceName();
        Integer cached = indexes.get(name);
        if (cached != null) {
            try {
                request.accept(cached);
                return;
            } catch (NetlinkException e) {
                if (e.errno() != Errno.ENODEV) {
                    throw e;
                }
                indexes.remove(name);
            }
        }
        int index = rtnl.indexOf(name);
        indexes.put(name, index);
        request.accept(index);
    }

    /** Compacts the journal to what is still ours or still to be cleaned up. */
    private void save() {
        List<ManagedAddress> all = new ArrayList<>(leftovers);
        for (ManagedAddress a : ours.values()) {
            if (all.stream().noneMatch(a::sameAddress)) {
                all.add(a);
            }
        }
        state.write(all);
    }

    @Override
    public synchronized void close() {
        state.close();
        rtnl.close();
    }
}
