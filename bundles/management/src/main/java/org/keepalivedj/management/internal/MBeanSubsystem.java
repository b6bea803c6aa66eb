package org.keepalivedj.management.internal;

import java.util.ArrayList;
import java.util.List;
import javax.management.DynamicMBean;
import org.keepalivedj.api.daemon.ManagementSubsystem;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;

/**
 * MBeans that follow what another subsystem runs: as a management subsystem they run after VRRP and
 * LVS, so after each load the MBeans match the running objects. A subclass makes its sets of MBeans
 * with {@link #mbeans()} and fills them in {@link #sync()}; registering at activation and
 * unregistering at stop or deactivation happen here for all of them.
 */
abstract class MBeanSubsystem implements ManagementSubsystem {

    private final List<MBeanRegistrations<?>> sets = new ArrayList<>();

    /** A new set of this subsystem's MBeans, registered through the bundle this component activates in. */
    final <T extends DynamicMBean> MBeanRegistrations<T> mbeans() {
        MBeanRegistrations<T> set = new MBeanRegistrations<>();
        sets.add(set);
        return set;
    }

    @Activate
    void activate(BundleContext context) {
        sets.forEach(set -> set.open(context));
        sync();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    @Override
    public void apply(KeepalivedConfig config) {
        sync();
    }

    /** Unregisters every MBean of this subsystem. */
    @Override
    public void stop() {
        sets.forEach(MBeanRegistrations::clear);
    }

    /** Registers the MBeans of new objects and unregisters those of gone ones. */
    abstract void sync();
}
