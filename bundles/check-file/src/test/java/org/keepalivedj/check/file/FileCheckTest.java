package org.keepalivedj.check.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerContext;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.model.CheckerBlock;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.TrackFile;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.config.checkers.FileCheckSpec;

/** FILE_CHECK over real files, with the weight rules of keepalived.conf(5) track_file. */
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

    private Path file() {
        return dir.resolve("track");
    }

    private void write(String content) throws Exception {
        if (content == null) {
            Files.deleteIfExists(file());
        } else {
            Files.writeString(file(), content);
        }
    }

    /** A FILE_CHECK on track_file "tf" (weight trackWeight [reverse]) for a real server of weight base. */
    private CheckResult check(
            String content, int checkWeight, boolean checkReverse, int trackWeight, boolean trackReverse, int base)
            throws Exception {
        write(content);
        CheckerContext ctx = new CheckerContext(
                null,
                Map.of(
                        "tf",
                        new TrackFile(Origin.NONE, "tf", file().toString(), trackWeight, trackReverse, null, false)));
        return factory.create(
                        new FileCheckSpec(Origin.NONE, "tf", checkWeight, checkReverse),
                        new CheckTarget("vs", new Endpoint(InetAddress.getLoopbackAddress(), 80), base),
                        ctx)
                .check()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void valueTimesWeightIsAddedToTheConfiguredWeight() throws Exception {
        assertEquals(OptionalInt.of(30), check("3\n", 10, false, 1, false, 5).weight());
        assertTrue(check("3\n", 10, false, 1, false, 5).weightAdds());
        assertEquals(OptionalInt.of(0), check("0", 10, false, 1, false, 5).weight());
        assertEquals(
                OptionalInt.of(-5),
                check("-5 some words", 1, false, 1, false, 100).weight());
    }

    @Test
    void reverseSubtracts() throws Exception {
        assertEquals(OptionalInt.of(-30), check("3", 10, true, 1, false, 100).weight());
        CheckResult floor = check("3", 10, true, 1, false, 5);
        assertTrue(floor.up(), "a low weight is not a fault");
        assertEquals(OptionalInt.of(-30), floor.weight(), "the engine keeps the sum at 0 or more");
        assertEquals(
                OptionalInt.of(Integer.MAX_VALUE),
                check("2147483648", 1000, false, 1, false, 1).weight());
    }

    @Test
    void onlyTheIntMinimumIsAFault() throws Exception {
        CheckResult r = check("-2147483648", 1, false, 1, false, 10);
        assertFalse(r.up());
        assertTrue(r.detail().contains("-2147483648"), r.detail());
        assertFalse(check("-1000", 3000000, false, 1, false, 10).up(), "the product reaches the minimum");
        assertTrue(check("-254", 1, false, 1, false, 10).up(), "-254 is a VRRP fault, not a real server's");
    }

    @Test
    void noWeightOnTheCheckerTakesTheTrackFilesWeightAndReverse() throws Exception {
        // weight 0 on FILE_CHECK (what bind makes of "no weight line") means the track_file's.
        assertEquals(OptionalInt.of(6), check("2", 0, false, 3, false, 10).weight());
        assertEquals(OptionalInt.of(-6), check("2", 0, false, 3, true, 10).weight());
        assertEquals(OptionalInt.of(20), check("2", 10, false, 3, true, 10).weight(), "the checker's own weight wins");
    }

    @Test
    void weightZeroEverywhereMeansNonZeroIsDown() throws Exception {
        CheckResult ok = check("0", 0, false, 0, false, 7);
        assertTrue(ok.up());
        assertEquals(OptionalInt.empty(), ok.weight(), "weight 0 leaves the weight alone");
        assertFalse(check("1", 0, false, 0, false, 7).up());
        assertFalse(check("-3", 0, false, 0, false, 7).up());
        // reverse swaps: zero is down, anything else up
        assertFalse(check("0", 0, false, 0, true, 7).up());
        assertTrue(check("5", 0, false, 0, true, 7).up());
    }

    @Test
    void missingOrEmptyFileReadsZero() throws Exception {
        assertEquals(OptionalInt.of(0), check(null, 10, false, 1, false, 9).weight());
        assertEquals(OptionalInt.of(0), check("", 10, false, 1, false, 9).weight());
        assertTrue(check(null, 0, false, 0, false, 9).up());
    }

    @Test
    void numbersAreReadLikeStrtolWithBaseZero() {
        assertEquals(OptionalLong.of(16), FileChecker.parse("0x10"));
        assertEquals(OptionalLong.of(8), FileChecker.parse("010\n"));
        assertEquals(OptionalLong.of(-42), FileChecker.parse("  \t-42abc"));
        assertEquals(OptionalLong.of(0), FileChecker.parse("words"));
        assertEquals(OptionalLong.of(2147483648L), FileChecker.parse("2147483648"));
        assertEquals(OptionalLong.empty(), FileChecker.parse("2147483649"));
        assertEquals(OptionalLong.empty(), FileChecker.parse("-2147483649"));
        assertEquals(OptionalLong.empty(), FileChecker.parse("99999999999999999999999"));
    }

    @Test
    void aNumberOutOfRangeIsIgnoredKeepingTheLastValue() throws Exception {
        write("4");
        CheckerContext ctx = new CheckerContext(
                null, Map.of("tf", new TrackFile(Origin.NONE, "tf", file().toString(), 1, false, null, false)));
        var checker = factory.create(
                new FileCheckSpec(Origin.NONE, "tf", 10, false),
                new CheckTarget("vs", new Endpoint(InetAddress.getLoopbackAddress(), 80), 1),
                ctx);
        assertEquals(
                OptionalInt.of(40), checker.check().get(10, TimeUnit.SECONDS).weight());
        write("99999999999");
        assertEquals(
                OptionalInt.of(40), checker.check().get(10, TimeUnit.SECONDS).weight());
    }

    @Test
    void anUnknownTrackFileIsDownNamingIt() throws Exception {
        var checker = factory.create(
                new FileCheckSpec(Origin.at(new Location("k.conf", 12, 5)), "nope", 1, false),
                new CheckTarget("vs", new Endpoint(InetAddress.getLoopbackAddress(), 80)),
                CheckerContext.NONE);
        CheckResult r = checker.check().get(10, TimeUnit.SECONDS);
        assertFalse(r.up());
        assertTrue(r.detail().contains("k.conf:12") && r.detail().contains("nope"), r.detail());
    }

    /** From keepalived.conf text to a verdict: the name resolves to the track_file's path and weight. */
    @Test
    void aConfigsFileCheckFollowsItsTrackFileBlock() throws Exception {
        write("6");
        String conf = String.join(
                "\n",
                "track_file tf {",
                "  file \"" + file() + "\"",
                "  weight 2 reverse",
                "}",
                "virtual_server 192.0.2.1 80 {",
                "  protocol TCP",
                "  real_server 127.0.0.1 80 {",
                "    weight 20",
                "    FILE_CHECK {",
                "      track_file tf",
                "    }",
                "    FILE_CHECK {",
                "      track_file tf",
                "      weight 1",
                "    }",
                "  }",
                "}",
                "");
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(conf, "k.conf", dir)
                .config();
        RealServer rs = config.virtualServers()
                .values()
                .iterator()
                .next()
                .realServers()
                .values()
                .iterator()
                .next();
        List<CheckerBlock> blocks = rs.checkers();
        ProblemSink sink = new ProblemSink() {
            @Override
            public void error(Location at, String message) {
                throw new AssertionError(at + ": " + message);
            }

            @Override
            public void warning(Location at, String message) {
                throw new AssertionError(at + ": " + message);
            }
        };
        CheckTarget target = new CheckTarget("vs", rs.endpoint(), rs.weight());
        CheckResult inherited = factory.create(
                        factory.bind(blocks.get(0).block(), sink), target, CheckerContext.of(config))
                .check()
                .get(10, TimeUnit.SECONDS);
        assertEquals(OptionalInt.of(-12), inherited.weight(), inherited.detail());
        CheckResult own = factory.create(factory.bind(blocks.get(1).block(), sink), target, CheckerContext.of(config))
                .check()
                .get(10, TimeUnit.SECONDS);
        assertEquals(OptionalInt.of(26 - 20), own.weight(), own.detail());
    }
}
