package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.vrrp.VirtualScheduler;

/** The first line at once, then one line with the count per interval, on virtual time. */
class RateLimitedLogTest {

    private final VirtualScheduler clock = new VirtualScheduler();
    private final RateLimitedLog log = new RateLimitedLog(clock, Duration.ofSeconds(60));
    private final List<String> lines = new ArrayList<>();

    private void report(String key, String line) {
        log.report(key, line, lines::add);
    }

    @Test
    void firstAtOnceThenACountPerIntervalWhileItGoesOn() {
        report("CHECKSUM", "bad 1");
        assertEquals(List.of("bad 1"), lines);
        for (int i = 2; i <= 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            report("CHECKSUM", "bad " + i);
        }
        assertEquals(List.of("bad 1"), lines, "held back within the interval");
        clock.advance(Duration.ofSeconds(20)); // 60 s after the first
        assertEquals(List.of("bad 1", "bad 5 (4 more in the last 60 s)"), lines);

        clock.advance(Duration.ofSeconds(30));
        report("CHECKSUM", "bad 6");
        assertEquals(2, lines.size(), "the next interval holds back too");
        clock.advance(Duration.ofSeconds(30));
        assertEquals("bad 6 (1 more in the last 60 s)", lines.get(2));

        clock.advance(Duration.ofSeconds(60)); // a quiet interval: nothing to say, the key starts over
        assertEquals(3, lines.size());
        clock.advance(Duration.ofSeconds(300));
        report("CHECKSUM", "bad 7");
        assertEquals("bad 7", lines.get(3), "after a quiet interval the next one is written at once");
        assertEquals(4, lines.size());
    }

    @Test
    void keysAreLimitedSeparately() {
        report("TTL", "ttl 1");
        report("CHECKSUM", "sum 1");
        report("TTL", "ttl 2");
        report("TTL", "ttl 3");
        assertEquals(List.of("ttl 1", "sum 1"), lines);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(
                List.of("ttl 1", "sum 1", "ttl 3 (2 more in the last 60 s)"),
                lines,
                "a key with nothing held back writes no count");
    }

    @Test
    void closeWritesWhatWasHeldBackAndStopsTheTimers() {
        report("TTL", "ttl 1");
        clock.advance(Duration.ofMillis(1500));
        report("TTL", "ttl 2");
        clock.advance(Duration.ofMillis(1000));
        log.close();
        assertEquals(List.of("ttl 1", "ttl 2 (1 more in the last 2.5 s)"), lines);
        clock.advance(Duration.ofSeconds(600));
        assertEquals(2, lines.size(), "no count after close");
        report("TTL", "ttl 3");
        assertEquals("ttl 3", lines.get(2), "a closed log starts over");
    }

    @Test
    void intervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimitedLog(clock, Duration.ZERO));
    }
}
