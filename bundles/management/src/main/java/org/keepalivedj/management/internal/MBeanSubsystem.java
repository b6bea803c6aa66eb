package org.keepalivedj.management.internal;

import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.KeepalivedConfig;

/**
 * MBeans that follow what another subsystem runs: as a management subsystem they run after VRRP and
 * LVS, so after each load the MBeans match the running objects.
 */
abstract class MBeanSubsystem implements Subsystem {

    @Override
    public Kind kind() {
        return Kind.MANAGEMENT;
    }

    @Override
    public int order() {
        return ORDER_MANAGEMENT;
    }

    @Override
    public void apply(KeepalivedConfig config) {
        sync();
    }

    @Override
    public void stop() {
        clear();
    }

    /** Registers the MBeans of new objects and unregisters those of gone ones. */
    abstract void sync();

    /** Unregisters every MBean of this kind. */
    abstract void clear();
}
