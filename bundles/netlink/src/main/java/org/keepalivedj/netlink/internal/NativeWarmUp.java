package org.keepalivedj.netlink.internal;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Makes jnr-ffi's binding of libc on a thread of its own as soon as this bundle starts. jnr-ffi
 * generates that class (a few hundred classes loaded, bytecode made and verified: about a third of
 * a second of a start) the first time a socket is opened; done here, it runs beside the framework's
 * start-level thread, which meanwhile starts logging, configuration and the other bundles, instead
 * of on the VRRP engine's path to BACKUP. The bundle starts early for that (etc: start level 9).
 */
public final class NativeWarmUp implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        Thread warmUp = new Thread(LibC::get, "jnr-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    @Override
    public void stop(BundleContext context) {
        // nothing to undo: the binding stays loaded with the bundle's class loader
    }
}
