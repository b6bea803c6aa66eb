package org.keepalivedj.vrrp.internal;

import java.time.Duration;
import org.keepalivedj.api.model.AdvertOptions;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.model.VrrpState;

/**
 * The timing and election settings of one instance, derived from its config.
 *
 * @param advertField the interval as it goes on the wire: v2 whole seconds, v3 centiseconds
 */
record MachineSettings(
        String name,
        int vrid,
        int version,
        int basePriority,
        int advertField,
        boolean preempt,
        long preemptDelayNanos,
        boolean startAsMaster,
        AdvertOptions options) {

    static MachineSettings of(VrrpInstance i) {
        return new MachineSettings(
                i.name(),
                i.virtualRouterId(),
                i.version(),
                i.priority(),
                advertField(i.version(), i.advertInterval()),
                !i.nopreempt(),
                i.preemptDelay() == null ? 0 : i.preemptDelay().toNanos(),
                i.initialState() == VrrpState.MASTER,
                i.advertOptions());
    }

    /** v2 rounds a fractional interval up to whole seconds (as keepalived does); v3 counts centiseconds. */
    static int advertField(int version, Duration interval) {
        long millis = interval.toMillis();
        if (version == 2) {
            return (int) Math.max(1, Math.min(255, (millis + 999) / 1000));
        }
        return (int) Math.max(1, Math.min(4095, (millis + 9) / 10));
    }

    /** Our own advertisement interval in nanoseconds. */
    long advertNanos() {
        return fieldNanos(version, advertField);
    }

    static long fieldNanos(int version, int field) {
        return version == 2 ? field * 1_000_000_000L : field * 10_000_000L;
    }
}
