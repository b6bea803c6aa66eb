package org.keepalivedj.management.internal;

import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.management.BfdSessionMXBean;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * An MBean for every running BFD session. A subsystem that runs after BFD, so after each load or
 * reload the MBeans match the sessions; state changes become notifications.
 */
@Component(service = {Subsystem.class, BfdSessionListener.class})
public class BfdMBeans extends MBeanSubsystem implements BfdSessionListener {

    @Reference
    BfdRuntime runtime;

    private final MBeanRegistrations<BfdSessionMBean> sessions = mbeans();

    @Override
    public String name() {
        return "bfd-mbeans";
    }

    @Override
    public void stateChanged(BfdSessionView session, String from, String to) {
        sessions.ifRegistered(
                ObjectNames.of(BfdSessionMXBean.TYPE, session.name()), bean -> bean.stateChanged(session, from, to));
    }

    @Override
    void sync() {
        sessions.syncNamed(
                BfdSessionMXBean.TYPE,
                runtime.sessions().stream().map(BfdSessionView::name).toList(),
                name -> new BfdSessionMBean(runtime, name));
    }
}
