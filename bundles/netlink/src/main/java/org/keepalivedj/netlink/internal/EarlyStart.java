package org.keepalivedj.netlink.internal;

import org.keepalivedj.netlink.LowDescriptors;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Keeps a few descriptor numbers below 1024 ({@link LowDescriptors}) as soon as this bundle starts,
 * while the process still has few open: before any daemon component opens the VRRP and checker
 * sockets that take hundreds.
 */
public final class EarlyStart implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        LowDescriptors.reserve();
    }

    @Override
    public void stop(BundleContext context) {
        // the numbers stay kept for the process's life: nothing to undo
    }
}
