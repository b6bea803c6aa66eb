package org.keepalivedj.bfd.internal;

import java.util.List;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.bfd.BfdStateListener;
import org.keepalivedj.api.bfd.BfdStateSource;
import org.keepalivedj.api.daemon.ApplyException;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.bfd.BfdEngine;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config's bfd_instance blocks as a daemon subsystem (started before VRRP and the checkers),
 * the {@link BfdRuntime} service management reads, and the sessions' Up/down state as the
 * {@link BfdStateSource} that track_bfd and BFD_CHECK follow.
 */
@Component(service = {Subsystem.class, BfdRuntime.class, BfdStateSource.class})
public class BfdSubsystem implements Subsystem, BfdRuntime, BfdStateSource {
    private static final Logger LOG = LoggerFactory.getLogger(BfdSubsystem.class);

    private BfdEngine engine;

    /** The daemon's network namespace: the sessions' sockets are there. */
    @Reference
    private DaemonNetworkNamespace namespace;

    @Activate
    void activate() {
        engine = new BfdEngine(namespace.name());
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

    @Override
    public void addListener(BfdSessionListener listener) {
        engine.addSessionListener(listener);
    }

    @Override
    public void removeListener(BfdSessionListener listener) {
        engine.removeSessionListener(listener);
    }

    @Override
    public boolean isUp(String session) {
        return engine.isUp(session);
    }

    @Override
    public void addStateListener(BfdStateListener listener) {
        engine.addStateListener(listener);
    }

    @Override
    public void removeStateListener(BfdStateListener listener) {
        engine.removeStateListener(listener);
    }
}
