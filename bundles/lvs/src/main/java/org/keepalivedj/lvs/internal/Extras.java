package org.keepalivedj.lvs.internal;

import java.math.BigDecimal;
import java.time.Duration;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.lvs.LvsKeywords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Our keywords beyond keepalived (rise, fall, slow_start): the real server's, else the virtual server's, else off. */
record Extras(int rise, int fall, Duration slowStart) {
    private static final Logger LOG = LoggerFactory.getLogger(Extras.class);

    static Extras of(VirtualServer vs, RealServer rs) {
        return new Extras(
                count(rs.settings(), vs.settings(), LvsKeywords.RISE, rs),
                count(rs.settings(), vs.settings(), LvsKeywords.FALL, rs),
                seconds(rs.settings(), vs.settings(), rs));
    }

    private static String value(Settings rs, Settings vs, String keyword) {
        return rs.has(keyword) ? rs.get(keyword) : vs.get(keyword);
    }

    private static int count(Settings rs, Settings vs, String keyword, RealServer where) {
        String v = value(rs, vs, keyword);
        if (v == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            LOG.warn("{}: {} {} is not a count; using 1", where.origin(), keyword, v);
            return 1;
        }
    }

    private static Duration seconds(Settings rs, Settings vs, RealServer where) {
        String v = value(rs, vs, LvsKeywords.SLOW_START);
        if (v == null) {
            return Duration.ZERO;
        }
        try {
            long millis = new BigDecimal(v.trim()).movePointRight(3).longValueExact();
            return Duration.ofMillis(Math.max(0, millis));
        } catch (NumberFormatException | ArithmeticException e) {
            LOG.warn("{}: slow_start {} is not a number of seconds; slow start off", where.origin(), v);
            return Duration.ZERO;
        }
    }
}
