package org.keepalivedj.management.internal;

import org.keepalivedj.api.lvs.ForwardingPlane;

/** The data plane in use, as it comes and goes (read by the MBeans for statistics). */
final class PlaneHolder {
    private volatile ForwardingPlane plane;

    ForwardingPlane get() {
        return plane;
    }

    void set(ForwardingPlane p) {
        plane = p;
    }
}
