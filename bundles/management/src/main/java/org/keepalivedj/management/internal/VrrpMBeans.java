package org.keepalivedj.management.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.keepalivedj.management.VrrpInstanceMXBean;
import org.keepalivedj.management.VrrpSyncGroupMXBean;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * An MBean for every running VRRP instance and sync group. It is a subsystem that runs after VRRP,
 * so after each load or reload the MBeans match what VRRP runs; state changes become notifications.
 */
@Component(service = {Subsystem.class, VrrpStateListener.class})
public class VrrpMBeans extends MBeanSubsystem implements VrrpStateListener {

    @Reference
    VrrpRuntime runtime;

    private MBeanRegistrations<VrrpInstanceMBean> instances;
    private MBeanRegistrations<VrrpSyncGroupMBean> groups;

    @Activate
    void activate(BundleContext context) {
        instances = new MBeanRegistrations<>(context);
        groups = new MBeanRegistrations<>(context);
        sync();
    }

    @Deactivate
    void deactivate() {
        clear();
    }

    @Override
    void clear() {
        instances.clear();
        groups.clear();
    }

    @Override
    public String name() {
        return "vrrp-mbeans";
    }

    @Override
    public void stateChanged(VrrpInstanceView instance, InstanceState from, InstanceState to) {
        VrrpInstanceMBean bean = instances.get(ObjectNames.of(VrrpInstanceMXBean.TYPE, instance.name()));
        if (bean != null) {
            bean.transition(from, to);
        }
    }

    @Override
    void sync() {
        Map<String, String> instanceNames = new LinkedHashMap<>();
        runtime.instances()
                .forEach(i -> instanceNames.put(ObjectNames.of(VrrpInstanceMXBean.TYPE, i.name()), i.name()));
        instances.sync(
                Set.copyOf(instanceNames.keySet()), name -> new VrrpInstanceMBean(runtime, instanceNames.get(name)));

        Map<String, String> groupNames = new LinkedHashMap<>();
        runtime.syncGroups().keySet().forEach(g -> groupNames.put(ObjectNames.of(VrrpSyncGroupMXBean.TYPE, g), g));
        groups.sync(Set.copyOf(groupNames.keySet()), name -> new VrrpSyncGroupMBean(groupNames.get(name), runtime));
    }
}
