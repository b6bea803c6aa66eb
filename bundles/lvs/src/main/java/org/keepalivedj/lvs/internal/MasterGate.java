package org.keepalivedj.lvs.internal;

import java.net.InetAddress;

/** What the virtual servers follow of VRRP: ha_suspend's question, may the checks on this address run? */
@FunctionalInterface
interface MasterGate {
    /** Always open: no VRRP to follow. */
    MasterGate OPEN = address -> true;

    /** True when no VRRP instance holds the address, or the one that does is MASTER. */
    boolean active(InetAddress address);

    /** Whether the named VRRP instance is MASTER now (lvs_sync_daemon follows it); false without VRRP. */
    default boolean isMaster(String instance) {
        return false;
    }
}
