package org.keepalivedj.netlink.internal;

import org.keepalivedj.netlink.LowDescriptors;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * What this bundle does as soon as it starts, at start level 9 (right after logging), before any
 * daemon component runs:
 * <ul>
 *   <li>keeps a few descriptor numbers below 1024 ({@link LowDescriptors}) while the process still
 *       has few open, before the VRRP and checker sockets take hundreds;
 *   <li>makes jnr-ffi's binding of libc on a thread of its own. jnr-ffi generates that class (a few
 *       hundred classes loaded, bytecode made and verified: about a third of a second of a start)
 *       the first time a socket is opened; done here, it runs beside the framework's start-level
 *       thread, which meanwhile starts configuration admin, fileinstall and the other bundles,
 *       instead of on the VRRP engine's path to BACKUP.
 * </ul>
 */
public final class EarlyStart implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        Thread warmUp = new Thread(
                () -> {
                    LibC.get();
                    LowDescriptors.reserve();
                },
                "jnr-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    @Override
    public void stop(BundleContext context) {
        // nothing to undo: the binding stays loaded with the bundle's class loader
    }
}
