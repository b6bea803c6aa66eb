package org.keepalivedj.ipvs;

import org.keepalivedj.ipvs.internal.IpvsPlane;

/** Opens the IPVS plane of the calling thread's network namespace. */
public final class IpvsPlanes {

    private IpvsPlanes() {}

    /**
     * Never fails for want of IPVS: on a kernel without it the plane says {@code available() == false}
     * and refuses changes with a clear message.
     */
    public static IpvsForwardingPlane open() {
        return IpvsPlane.open();
    }
}
