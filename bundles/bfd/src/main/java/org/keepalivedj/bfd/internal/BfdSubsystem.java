package org.keepalivedj.bfd.internal;

import java.util.List;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.daemon.ApplyException;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.bfd.BfdEngine;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config's bfd_instance blocks as a daemon subsystem (started before VRRP and the checkers) and
 * the {@link BfdRuntime} service. Every {@link BfdSessionListener} service is bound (the whiteboard):
 * management's MBeans, VRRP's track_bfd, BFD_CHECK; each is told the sessions when bound, then every
 * change, on the BFD thread.
 */
@Component(service = {Subsystem.class, BfdRuntime.class})
public class BfdSubsystem implements Subsystem, BfdRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(BfdSubsystem.class);

    /** Made in the constructor: DS binds the listeners before it activates the component. */
    private final BfdEngine engine;

    /** The sessions' sockets are in the daemon's network namespace. */
    @Activate
    public BfdSubsystem(@Reference DaemonNetworkNamespace namespace) {
        engine = new BfdEngine(namespace.name());
    }

    /** Outside the container: the sessions in this thread's network namespace. */
    public BfdSubsystem() {
        engine = new BfdEngine(null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindListener")
    void bindListener(BfdSessionListener listener) {
        engine.addSessionListener(listener);
    }

    void unbindListener(BfdSessionListener listener) {
        engine.removeSessionListener(listener);
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    @Override
    public String name() {
        return "bfd";
    }

    @Override
    public Kind kind() {
        return Kind.BFD;
    }

    @Override
    public int order() {
        return ORDER_BFD;
    }

    @Override
    public void apply(KeepalivedConfig config) {
        List<String> failed = engine.apply(config.bfdInstances().values());
        LOG.info("BFD: {} sessions running", config.bfdInstances().size() - failed.size());
        if (!failed.isEmpty()) {
            throw new ApplyException(failed);
        }
    }

    @Override
    public void stop() {
        engine.stopSessions();
    }

    @Override
    public List<BfdSessionView> sessions() {
        return engine.views();
    }

    @Override
    public long packetsDroppedUnmatched() {
        return engine.malformedPackets() + engine.unmatchedPackets();
    }
}
