package org.keepalivedj.lvs.internal;

import java.util.List;
import java.util.Random;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.lvs.EmbeddedLvs;

/** {@link EmbeddedLvs}: the engine on a {@link ThreadScheduler} of its own, notifications dropped. */
public final class EmbeddedLvsEngine implements EmbeddedLvs {
    private static final long WAIT_MILLIS = 120_000;

    private final ThreadScheduler thread;
    private final LatenessRecordingScheduler lateness;
    private final LvsEngine engine;

    /** Use {@link EmbeddedLvs#builder()}. */
    public EmbeddedLvsEngine(
            String threadName,
            Random random,
            ForwardingPlane plane,
            List<HealthCheckerFactory> checkers,
            boolean recordTimerLateness) {
        thread = new ThreadScheduler(threadName);
        lateness = recordTimerLateness ? new LatenessRecordingScheduler(thread) : null;
        engine = new LvsEngine(lateness != null ? lateness : thread, new SilentNotifier(), random);
        // the first task creates the thread, here: in the caller's network namespace
        thread.runAndWait(
                () -> {
                    engine.setPlane(plane);
                    checkers.forEach(engine::addFactory);
                },
                WAIT_MILLIS);
    }

    @Override
    public List<String> apply(KeepalivedConfig config) {
        Object[] warnings = new Object[1];
        thread.runAndWait(() -> warnings[0] = engine.apply(config), WAIT_MILLIS);
        if (warnings[0] == null) {
            throw new IllegalStateException("the engine thread did not apply the config within " + WAIT_MILLIS + " ms");
        }
        @SuppressWarnings("unchecked")
        List<String> result = (List<String>) warnings[0];
        return result;
    }

    @Override
    public long[] drainTimerLateness() {
        if (lateness == null) {
            return new long[0];
        }
        long[][] out = new long[1][];
        thread.runAndWait(() -> out[0] = lateness.drain(), WAIT_MILLIS);
        if (out[0] == null) {
            throw new IllegalStateException(
                    "the engine thread did not answer within " + WAIT_MILLIS + " ms: overloaded");
        }
        return out[0];
    }

    @Override
    public List<VirtualServerView> virtualServers() {
        return engine.virtualServers();
    }

    @Override
    public String planeName() {
        return engine.planeName();
    }

    @Override
    public void addListener(LvsStateListener listener) {
        engine.addListener(listener);
    }

    @Override
    public void removeListener(LvsStateListener listener) {
        engine.removeListener(listener);
    }

    @Override
    public void close() {
        thread.runAndWait(engine::stop, WAIT_MILLIS);
        thread.close();
    }

    /** Embedded engines run no notify scripts and write no FIFO. */
    private static final class SilentNotifier implements LvsNotifier {
        @Override
        public void script(String command) {}

        @Override
        public void fifo(String line) {}

        @Override
        public void configure(GlobalDefs globals) {}
    }
}
