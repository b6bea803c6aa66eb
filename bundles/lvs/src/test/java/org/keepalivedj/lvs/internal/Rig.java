package org.keepalivedj.lvs.internal;

import java.nio.file.Path;
import java.util.Random;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.KeepalivedConfigLoader;

/** An engine on virtual time with a recording data plane and notifier, fed real keepalived.conf text. */
final class Rig {
    final VirtualScheduler clock = new VirtualScheduler();
    final RecordingNotifier notifier = new RecordingNotifier();
    final RecordingPlane plane = new RecordingPlane();
    final FakeChecks checks = new FakeChecks(clock, "TCP_CHECK", "MISC_CHECK", "HTTP_GET", "SSL_GET");
    final LvsEngine engine = new LvsEngine(clock, notifier, new Random(42));

    Rig() {
        this(true);
    }

    Rig(boolean withChecker) {
        engine.setPlane(plane);
        if (withChecker) {
            engine.addFactory(checks);
        }
    }

    static KeepalivedConfig parse(String conf) {
        try {
            return KeepalivedConfigLoader.withBuiltinCheckers()
                    .load(conf, "test.conf", Path.of("."))
                    .config();
        } catch (Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    Rig load(String conf) {
        engine.apply(parse(conf));
        clock.runPending();
        return this;
    }

    VirtualServerView vs(String key) {
        return engine.virtualServer(key).orElseThrow(() -> new AssertionError("no VS " + key));
    }

    RealServerView rs(String vsKey, String rsKey) {
        return vs(vsKey).realServer(rsKey).orElseThrow(() -> new AssertionError("no RS " + rsKey));
    }

    /** Advances virtual time until the condition holds; fails past the limit. Returns the seconds waited. */
    double until(java.util.function.BooleanSupplier condition, double limitSeconds) {
        double start = clock.seconds();
        while (!condition.getAsBoolean()) {
            if (clock.seconds() - start > limitSeconds) {
                throw new AssertionError("condition not met within " + limitSeconds + " s of virtual time");
            }
            clock.advanceSeconds(0.001);
        }
        return clock.seconds() - start;
    }
}
