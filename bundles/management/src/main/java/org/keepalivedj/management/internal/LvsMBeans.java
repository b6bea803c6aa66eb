package org.keepalivedj.management.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.management.RealServerMXBean;
import org.keepalivedj.management.VirtualServerMXBean;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * An MBean for every virtual server and real server the LVS subsystem runs, kept in step with each
 * load (a management subsystem, after LVS); health and quorum changes become notifications.
 */
@Component(service = {Subsystem.class, LvsStateListener.class})
public class LvsMBeans extends MBeanSubsystem implements LvsStateListener {

    @Reference
    LvsRuntime runtime;

    private final PlaneHolder plane = new PlaneHolder();
    private final MBeanRegistrations<VirtualServerMBean> virtualServers = mbeans();
    private final MBeanRegistrations<RealServerMBean> realServers = mbeans();

    @Reference(target = "(chosen=true)", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setPlane(ForwardingPlane p) {
        plane.set(p);
    }

    void unsetPlane(ForwardingPlane p) {
        if (plane.get() == p) {
            plane.set(null);
        }
    }

    static String virtualServerName(String vsKey) {
        return ObjectNames.of(VirtualServerMXBean.TYPE, vsKey);
    }

    static String realServerName(String vsKey, String rsKey) {
        return "keepalived:type=" + RealServerMXBean.TYPE + ",virtualServer=" + ObjectNames.value(vsKey) + ",name="
                + ObjectNames.value(rsKey);
    }

    @Override
    public String name() {
        return "lvs-mbeans";
    }

    @Override
    public void realServerChanged(VirtualServerView virtualServer, RealServerView realServer, boolean up) {
        realServers.ifRegistered(realServerName(virtualServer.key(), realServer.key()), bean -> bean.changed(up));
    }

    @Override
    public void quorumChanged(VirtualServerView virtualServer, boolean up) {
        virtualServers.ifRegistered(virtualServerName(virtualServer.key()), bean -> bean.quorumChanged(up));
    }

    @Override
    void sync() {
        List<VirtualServerView> all = runtime.virtualServers();
        Map<String, String[]> rsNames = new LinkedHashMap<>();
        for (VirtualServerView vs : all) {
            for (RealServerView rs : vs.realServers()) {
                rsNames.put(realServerName(vs.key(), rs.key()), new String[] {vs.key(), rs.key()});
            }
        }
        virtualServers.syncNamed(
                VirtualServerMXBean.TYPE,
                all.stream().map(VirtualServerView::key).toList(),
                key -> new VirtualServerMBean(runtime, plane, key));
        realServers.sync(
                Set.copyOf(rsNames.keySet()),
                name -> new RealServerMBean(runtime, rsNames.get(name)[0], rsNames.get(name)[1]));
    }
}
