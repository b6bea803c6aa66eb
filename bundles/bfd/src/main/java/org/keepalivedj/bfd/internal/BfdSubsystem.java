package org.keepalivedj.bfd.internal;

import java.util.List;
import org.keepalivedj.api.bfd.BfdStateListener;
import org.keepalivedj.api.bfd.BfdStateSource;
import org.keepalivedj.api.daemon.ApplyException;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.bfd.BfdEngine;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config's bfd_instance blocks as a daemon subsystem, started before VRRP and the checkers,
 * and their Up/down state as the {@link BfdStateSource} that track_bfd and BFD_CHECK follow.
 */
@Component(service = {Subsystem.class, BfdStateSource.class})
public class BfdSubsystem implements Subsystem, BfdStateSource {
    private static final Logger LOG = LoggerFactory.getLogger(BfdSubsystem.class);

    private BfdEngine engine;

    @Activate
    void activate() {
        engine = new BfdEngine(null);
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
