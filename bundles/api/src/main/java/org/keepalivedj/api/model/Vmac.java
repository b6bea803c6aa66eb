package org.keepalivedj.api.model;

import java.util.Objects;

/**
 * use_vmac of a vrrp_instance: the macvlan interface the instance creates on its interface for its
 * VIPs. name is resolved (given, or vmac_prefix.VRID); mac is six lowercase colon-separated octets,
 * or null for the VRRP virtual MAC of the instance's family (00:00:5e:00:01:VRID, 00:00:5e:00:02:VRID).
 * xmitBase (vmac_xmit_base): adverts go out of and are received on the base interface instead.
 */
public record Vmac(String name, String mac, boolean xmitBase) {
    public Vmac {
        Objects.requireNonNull(name);
    }

    /** As written in keepalived.conf (the dump and the diff show this). */
    @Override
    public String toString() {
        return name + (mac != null ? " " + mac : "") + (xmitBase ? " (vmac_xmit_base)" : "");
    }
}
