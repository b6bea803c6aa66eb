package org.keepalivedj.check.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.checkers.FileCheckSpec;

/** FILE_CHECK over real files. */
class FileCheckTest {
    private static NettyCheckRuntime runtime;
    private static FileCheckFactory factory;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        runtime = new NettyCheckRuntime(1, 1);
        factory = new FileCheckFactory(runtime);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private CheckResult check(String content, int weight, boolean reverse) throws Exception {
        Path f = dir.resolve("track");
        if (content == null) {
            Files.deleteIfExists(f);
        } else {
            Files.writeString(f, content);
        }
        return factory.create(new FileCheckSpec(Origin.NONE, f.toString(), weight, reverse),
                new CheckTarget("vs", new Endpoint(java.net.InetAddress.getLoopbackAddress(), 80)))
                .check().get(10, TimeUnit.SECONDS);
    }

    @Test
    void valueTimesWeightAdjusts() throws Exception {
        assertEquals(OptionalInt.of(30), check("3\n", 10, false).weight());
        assertEquals(OptionalInt.of(-30), check("3\n", 10, true).weight());
        assertEquals(OptionalInt.of(-5), check("-5 some words", 1, false).weight());
    }

    @Test
    void farBelowZeroIsDown() throws Exception {
        CheckResult r = check("-254", 1, false);
        assertFalse(r.up());
        assertTrue(r.detail().contains("-254"), r.detail());
    }

    @Test
    void weightZeroMeansAnyNonZeroIsDown() throws Exception {
        assertTrue(check("0", 0, false).up());
        assertFalse(check("1", 0, false).up());
    }

    @Test
    void missingOrEmptyReadsZero() throws Exception {
        assertEquals(OptionalInt.of(0), check(null, 10, false).weight());
        assertEquals(OptionalInt.of(0), check("", 10, false).weight());
    }
}
