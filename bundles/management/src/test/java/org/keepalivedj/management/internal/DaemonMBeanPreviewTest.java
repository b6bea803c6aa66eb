package org.keepalivedj.management.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.daemon.ReloadPreview;

/** previewReload asks the daemon for the file given, or the running one for an empty path, and never reloads. */
class DaemonMBeanPreviewTest {

    @Test
    void previewReloadPrintsThePlanOfTheFileGivenOrOfTheRunningOne() {
        List<Path> asked = new ArrayList<>();
        Daemon daemon = new Daemon() {
            @Override
            public ReloadPreview previewReload(Path file) {
                asked.add(file);
                return new ReloadPreview(
                        new LoadResult(
                                Instant.EPOCH,
                                file == null ? Path.of("/run.conf") : file,
                                LoadResult.Outcome.OK,
                                List.of(),
                                List.of(),
                                "ok"),
                        new ReloadPlan.Builder()
                                .add(
                                        ReloadPlan.Section.REAL_SERVER,
                                        ReloadPlan.Action.CHANGE,
                                        "[10.0.0.2]:tcp:80 of [192.0.2.1]:tcp:80",
                                        "weight",
                                        "1",
                                        "3")
                                .build());
            }

            public String version() {
                return "1";
            }

            public Instant startedAt() {
                return Instant.EPOCH;
            }

            public Path configPath() {
                return Path.of("/run.conf");
            }

            public String configId() {
                return "t";
            }

            public LoadResult lastLoad() {
                return null;
            }

            public LoadResult reload() {
                throw new AssertionError("a preview must not reload");
            }

            public LoadResult checkConfig(Path file) {
                throw new AssertionError();
            }
        };
        DaemonMBean mbean = new DaemonMBean(daemon);
        assertEquals("""
                /next.conf: OK
                real_server:
                  change [10.0.0.2]:tcp:80 of [192.0.2.1]:tcp:80: weight 1 -> 3
                """, mbean.previewReload("/next.conf"));
        mbean.previewReload("");
        assertEquals(java.util.Arrays.asList(Path.of("/next.conf"), null), asked);
    }
}
