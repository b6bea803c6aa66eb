package org.keepalivedj.snmp.internal;

import java.net.InetAddress;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.AdvertError;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The SNMP agent as a management subsystem: core hands it every loaded config after VRRP and LVS
 * applied theirs, so the MIBs describe what runs. The runtimes are optional (a feature may be
 * missing); their objects are left out while absent. Their changes reach it as a {@link
 * VrrpStateListener} and {@link LvsStateListener} service, and become traps.
 */
@Component(service = {Subsystem.class, VrrpStateListener.class, LvsStateListener.class})
public class SnmpComponent implements Subsystem, VrrpStateListener, LvsStateListener {

    private volatile VrrpRuntime vrrp;

    private volatile LvsRuntime lvs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Daemon daemon;

    /** The data plane LVS uses (the chooser marks it chosen=true): the servers' counters. */
    @Reference(target = "(chosen=true)", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ForwardingPlane plane;

    /** The BFD sessions (vrrpBfdTable's results), the same view the BfdSession MBeans read. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BfdRuntime bfd;

    /** Made before VRRP binds this listener: transitions are queued for traps from the start. */
    private final SnmpAgent agent = new SnmpAgent(() -> vrrp, () -> lvs, () -> plane, () -> daemon, () -> bfd);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindVrrp")
    void bindVrrp(VrrpRuntime runtime) {
        vrrp = runtime;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindLvs")
    void bindLvs(LvsRuntime runtime) {
        lvs = runtime;
    }

    void unbindLvs(LvsRuntime runtime) {
        if (lvs == runtime) {
            lvs = null;
        }
    }

    void unbindVrrp(VrrpRuntime runtime) {
        if (vrrp == runtime) {
            vrrp = null;
        }
    }

    // ---- the listeners VRRP and LVS bind (the whiteboard): traps are queued by the agent ----

    @Override
    public void stateChanged(VrrpInstanceView instance, InstanceState from, InstanceState to) {
        agent.stateChanged(instance, from, to);
    }

    @Override
    public void advertRejected(VrrpInstanceView instance, AdvertError error, InetAddress source) {
        agent.advertRejected(instance, error, source);
    }

    @Override
    public void realServerChanged(VirtualServerView virtualServer, RealServerView realServer, boolean up) {
        agent.realServerChanged(virtualServer, realServer, up);
    }

    @Override
    public void checkerChanged(
            VirtualServerView virtualServer, RealServerView realServer, CheckerStatus checker, boolean serverChanged) {
        agent.checkerChanged(virtualServer, realServer, checker, serverChanged);
    }

    @Override
    public void quorumChanged(VirtualServerView virtualServer, boolean up) {
        agent.quorumChanged(virtualServer, up);
    }

    @Override
    public void startedWithQuorum(VirtualServerView virtualServer) {
        agent.startedWithQuorum(virtualServer);
    }

    @Deactivate
    void deactivate() {
        agent.close();
    }

    @Override
    public String name() {
        return "snmp";
    }

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
        agent.apply(config);
    }

    @Override
    public void stop() {
        agent.stop();
    }
}
