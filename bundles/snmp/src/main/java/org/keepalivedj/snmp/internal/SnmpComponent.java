package org.keepalivedj.snmp.internal;

import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.ManagementSubsystem;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The SNMP agent as a management subsystem: core hands it every loaded config after VRRP and LVS
 * applied theirs, so the MIBs describe what runs. The runtimes are optional (a feature may be
 * missing); their objects are left out while absent. Their changes reach the agent, registered as a
 * {@link VrrpStateListener} and {@link LvsStateListener} service, and become traps.
 */
// immediate: the agent listens from the start, not from the first use of the Subsystem
@Component(service = Subsystem.class, immediate = true)
public class SnmpComponent implements ManagementSubsystem {

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

    /** Made before VRRP binds it as a listener: transitions are queued for traps from the start. */
    private final SnmpAgent agent = new SnmpAgent(() -> vrrp, () -> lvs, () -> plane, () -> daemon, () -> bfd);

    private ServiceRegistration<?> listeners;

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

    /** The agent itself is the listener service VRRP and LVS bind (the whiteboard): traps. */
    @Activate
    void activate(BundleContext context) {
        listeners = context.registerService(
                new String[] {VrrpStateListener.class.getName(), LvsStateListener.class.getName()}, agent, null);
    }

    @Deactivate
    void deactivate() {
        if (listeners != null) {
            listeners.unregister();
        }
        agent.close();
    }

    @Override
    public String name() {
        return "snmp";
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
