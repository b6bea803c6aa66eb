package org.keepalivedj.lvs.internal;

import java.net.InetAddress;

/** ha_suspend's question: may the checks of a virtual server on this address run? */
@FunctionalInterface
interface MasterGate {
    /** Always open: no VRRP to follow. */
    MasterGate OPEN = address -> true;

    /** True when no VRRP instance holds the address, or the one that does is MASTER. */
    boolean active(InetAddress address);
}
