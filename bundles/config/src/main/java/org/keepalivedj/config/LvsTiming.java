package org.keepalivedj.config;

import org.keepalivedj.api.model.CheckTiming;

/** Reads the checker timing keywords (retry, delay_before_retry, warmup, connect_timeout, delay_loop). */
public final class LvsTiming {
    private LvsTiming() {}

    public static CheckTiming of(BlockReader r) {
        return LvsBinder.timing(r);
    }
}
