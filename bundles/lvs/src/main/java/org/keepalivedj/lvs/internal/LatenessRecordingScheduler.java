package org.keepalivedj.lvs.internal;

import java.util.Arrays;

/**
 * A scheduler that records how late each timer ran, for the checker benchmarks' lateness
 * percentiles. Samples are taken and drained on the scheduler thread only.
 */
final class LatenessRecordingScheduler implements Scheduler {
    private final Scheduler real;
    private long[] samples = new long[1 << 16];
    private int count;

    LatenessRecordingScheduler(Scheduler real) {
        this.real = real;
    }

    @Override
    public long nanoTime() {
        return real.nanoTime();
    }

    @Override
    public long wallMillis() {
        return real.wallMillis();
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        if (delayNanos <= 0) {
            return real.schedule(delayNanos, task);
        }
        long due = real.nanoTime() + delayNanos;
        return real.schedule(delayNanos, () -> {
            record(real.nanoTime() - due);
            task.run();
        });
    }

    @Override
    public void execute(Runnable task) {
        real.execute(task);
    }

    /** The samples since the last drain, sorted; on the scheduler thread. */
    long[] drain() {
        long[] out = Arrays.copyOf(samples, count);
        count = 0;
        Arrays.sort(out);
        return out;
    }

    private void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }
}
