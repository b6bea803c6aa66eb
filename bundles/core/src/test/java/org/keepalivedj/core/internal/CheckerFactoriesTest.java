package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.config.checkers.BuiltinCheckers;

/** Checker keywords follow the HealthCheckerFactory services as they come and go. */
class CheckerFactoriesTest {
    private static final String WITH_REDIS = """
            virtual_server 127.0.0.1 6379 {
                protocol TCP
                real_server 127.0.0.1 6380 {
                    REDIS_CHECK {
                        connect_timeout 2
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    /** A third-party kind, as a checker bundle would register it. */
    private record RedisSpec(Origin origin) implements CheckerSpec {
        public String kind() {
            return "REDIS_CHECK";
        }

        public CheckerSettings settings() {
            return CheckerSettings.NONE;
        }
    }

    private static final HealthCheckerFactory REDIS = new HealthCheckerFactory() {
        public Set<String> keywords() {
            return Set.of("REDIS_CHECK");
        }

        public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
            return new RedisSpec(Origin.at(block.location()));
        }

        public HealthChecker create(CheckerSpec spec, CheckTarget target) {
            return () -> CompletableFuture.completedFuture(CheckResult.up("test"));
        }
    };

    @Test
    void servicesWinOverBuiltInsWhichStandInMeanwhile() {
        CheckerFactories f = new CheckerFactories(BuiltinCheckers.registry());
        HealthCheckerFactory builtin = f.find("TCP_CHECK").orElseThrow();
        assertFalse(f.installed("TCP_CHECK"));
        HealthCheckerFactory bundle = new HealthCheckerFactory() {
            public Set<String> keywords() {
                return Set.of("TCP_CHECK");
            }

            public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
                return builtin.bind(block, sink);
            }

            public HealthChecker create(CheckerSpec spec, CheckTarget target) {
                throw new UnsupportedOperationException();
            }
        };
        f.add(bundle);
        assertSame(bundle, f.find("TCP_CHECK").orElseThrow());
        assertTrue(f.installed("TCP_CHECK"));
        f.remove(bundle);
        assertSame(builtin, f.find("TCP_CHECK").orElseThrow());
        assertTrue(f.find("REDIS_CHECK").isEmpty());
    }

    @Test
    void aThirdPartyKeywordIsValidOnlyWhileItsFactoryIsThere() throws Exception {
        Path conf = Files.writeString(dir.resolve("keepalived.conf"), WITH_REDIS);
        KeepalivedDaemon daemon = new KeepalivedDaemon();
        daemon.start("1", TestSettings.forFile(conf.toString()), null);
        // Unresolved, as keepalived treats a keyword it does not know: a warning with the location,
        // and the real server runs without that checker.
        LoadResult before = daemon.lastLoad();
        assertTrue(
                before.warnings().toString().contains("keepalived.conf:4:")
                        && before.warnings().toString().contains("unknown keyword REDIS_CHECK"),
                before.warnings().toString());
        assertEquals(0, checkers(daemon));

        daemon.addChecker(REDIS);
        LoadResult with = daemon.reload();
        assertTrue(with.ok() && with.warnings().isEmpty(), with.toString());
        assertEquals(1, checkers(daemon));
        assertEquals(
                "REDIS_CHECK",
                daemon.runningConfig()
                        .virtualServers()
                        .values()
                        .iterator()
                        .next()
                        .realServers()
                        .values()
                        .iterator()
                        .next()
                        .checkers()
                        .get(0)
                        .spec()
                        .kind());

        daemon.removeChecker(REDIS);
        LoadResult without = daemon.reload();
        assertTrue(without.warnings().toString().contains("unknown keyword REDIS_CHECK"), without.toString());
        assertEquals(0, checkers(daemon));
    }

    private static int checkers(KeepalivedDaemon daemon) {
        return daemon.runningConfig()
                .virtualServers()
                .values()
                .iterator()
                .next()
                .realServers()
                .values()
                .iterator()
                .next()
                .checkers()
                .size();
    }
}
