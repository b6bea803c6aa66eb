package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keepalivedj.netlink.IfAddress;

/**
 * The addresses of this host (namespace), kept current from address events, so a receiver can
 * tell its own looped-back adverts from a peer's. Compared without IPv6 scope ids: a received
 * link-local source carries the arrival interface, the kernel's address list does not.
 */
final class LocalAddresses {

    private final Set<InetAddress> addresses = ConcurrentHashMap.newKeySet();

    void reload(List<IfAddress> all) {
        Set<InetAddress> fresh = ConcurrentHashMap.newKeySet();
        for (IfAddress a : all) {
            fresh.add(plain(a.address()));
        }
        addresses.retainAll(fresh);
        addresses.addAll(fresh);
    }

    void changed(IfAddress a, boolean removed) {
        if (removed) {
            addresses.remove(plain(a.address()));
        } else {
            addresses.add(plain(a.address()));
        }
    }

    boolean contains(InetAddress a) {
        return a != null && addresses.contains(plain(a));
    }

    private static InetAddress plain(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only for a wrong length, which an InetAddress never has
        }
    }
}
