package org.keepalivedj.management.internal;

import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.keepalivedj.management.VrrpInstanceMXBean;
import org.keepalivedj.management.VrrpSyncGroupMXBean;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * An MBean for every running VRRP instance and sync group. It is a subsystem that runs after VRRP,
 * so after each load or reload the MBeans match what VRRP runs; state changes become notifications.
 */
@Component(service = {Subsystem.class, VrrpStateListener.class})
public class VrrpMBeans extends MBeanSubsystem implements VrrpStateListener {

    @Reference
    VrrpRuntime runtime;

    private final MBeanRegistrations<VrrpInstanceMBean> instances = mbeans();
    private final MBeanRegistrations<VrrpSyncGroupMBean> groups = mbeans();

    @Override
    public String name() {
        return "vrrp-mbeans";
    }

    @Override
    public void stateChanged(VrrpInstanceView instance, InstanceState from, InstanceState to) {
        instances.ifRegistered(
                ObjectNames.of(VrrpInstanceMXBean.TYPE, instance.name()), bean -> bean.transition(from, to));
    }

    @Override
    void sync() {
        instances.syncNamed(
                VrrpInstanceMXBean.TYPE,
                runtime.instances().stream().map(VrrpInstanceView::name).toList(),
                name -> new VrrpInstanceMBean(runtime, name));
        groups.syncNamed(
                VrrpSyncGroupMXBean.TYPE, runtime.syncGroups().keySet(), name -> new VrrpSyncGroupMBean(name, runtime));
    }
}
