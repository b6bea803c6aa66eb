package org.keepalivedj.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The soak benchmark's short version: 20 instances at advert_int 0.1 on two nodes and 200 checked
 * real servers for 30 s (-Dsoak.seconds=N for longer; nodes under chrt -r 10 unless -Dsoak.chrt= says otherwise). No spurious transition, the VIPs where they
 * belong, and threads, fds and heap after GC flat between the first and last sample.
 */
@RequiresRoot
class SoakSmokeTest {

    @Test
    void twoNodesStayStableUnderShortAdvertsAndChecks(@TempDir Path dir) throws Exception {
        int seconds = Integer.getInteger("soak.seconds", 30);
        // real-time scheduling for the nodes, as keepalived's vrrp_rt_priority: a 0.36 s
        // Master_Down_Interval must not depend on what else the build machine runs
        if (System.getProperty("soak.chrt") == null) {
            System.setProperty("soak.chrt", "-r 10");
        }
        SoakBenchmark.Result r = SoakBenchmark.run(new SoakBenchmark.Params(20, 200, seconds, 5, "0.1", 1), dir);
        String table = SoakBenchmark.table(r);
        System.out.println(table);
        assertEquals(0, r.a().spuriousTransitions(), table);
        assertEquals(0, r.b().spuriousTransitions(), table);
        assertEquals(20, r.vipsOnA(), table);
        assertEquals(0, r.vipsOnB(), table);
        long[] first = r.a().first();
        long[] last = r.a().last();
        assertEquals(0, last[SoakBenchmark.RS_TRANSITIONS] - first[SoakBenchmark.RS_TRANSITIONS], table);
        assertEquals(0, last[SoakBenchmark.RS_DOWN], table);
        assertTrue(last[SoakBenchmark.ATTEMPTS] > first[SoakBenchmark.ATTEMPTS], "checks keep running: " + table);
        for (SoakBenchmark.NodeFigures n : new SoakBenchmark.NodeFigures[] {r.a(), r.b()}) {
            // flat: no thread or fd per advert or check (30 s make 6,000 checks on a; the checks in
            // flight at a sample, up to one per server, are not a leak); heap after GC within a few MB
            long inFlight = n == r.a() ? 200 : 0;
            assertTrue(n.last()[SoakBenchmark.THREADS] <= n.first()[SoakBenchmark.THREADS] + 2, table);
            assertTrue(n.last()[SoakBenchmark.FDS] <= n.first()[SoakBenchmark.FDS] + 5 + inFlight, table);
            assertTrue(n.last()[SoakBenchmark.HEAP] <= n.first()[SoakBenchmark.HEAP] + 16L * 1024 * 1024, table);
            assertTrue(n.last()[SoakBenchmark.RSS] > 0, "RSS is read (VmRSS): " + table);
        }
    }
}
