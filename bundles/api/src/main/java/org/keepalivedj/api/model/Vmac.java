package org.keepalivedj.api.model;

import java.util.Objects;

/**
 * use_vmac of a vrrp_instance: the macvlan interface the instance creates on its interface for its
 * VIPs. name is resolved (given, or vmac_prefix.VRID); mac is six lowercase colon-separated octets,
 * or null for the VRRP virtual MAC of the instance's family (00:00:5e:00:01:VRID, 00:00:5e:00:02:VRID).
 * xmitBase (vmac_xmit_base): adverts go out of and are received on the base interface instead.
 * ipvlan is set for use_ipvlan (an ipvlan, which keeps the base interface's MAC; mac is then null).
 */
public record Vmac(String name, String mac, boolean xmitBase, Ipvlan ipvlan) {
    public Vmac {
        Objects.requireNonNull(name);
    }

    /** A macvlan (use_vmac). */
    public Vmac(String name, String mac, boolean xmitBase) {
        this(name, mac, xmitBase, null);
    }

    /** As written in keepalived.conf (the dump and the diff show this). */
    @Override
    public String toString() {
        if (ipvlan != null) {
            return name + " ipvlan " + ipvlan;
        }
        return name + (mac != null ? " " + mac : "") + (xmitBase ? " (vmac_xmit_base)" : "");
    }
}
