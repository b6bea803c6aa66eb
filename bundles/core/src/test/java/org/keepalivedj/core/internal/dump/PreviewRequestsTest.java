package org.keepalivedj.core.internal.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.daemon.ReloadPreview;

/**
 * bin/keepalived --diff's way to the daemon: a request file in DATA/preview and the real signal 37
 * sent to this JVM; the answer is the preview as text and JSON, the request is gone. A directory
 * others may write is refused.
 */
class PreviewRequestsTest {
    @TempDir
    Path data;

    /** A daemon whose previews say which file they were asked for and plan one change. */
    private final List<Path> asked = new ArrayList<>();

    private final Daemon daemon = new Daemon() {
        @Override
        public ReloadPreview previewReload(Path file) {
            asked.add(file);
            Path shown = file == null ? Path.of("/etc/keepalived/keepalived.conf") : file;
            return new ReloadPreview(
                    new LoadResult(
                            Instant.EPOCH,
                            shown,
                            LoadResult.Outcome.OK,
                            List.of(),
                            List.of(shown + ":3:5: a warning"),
                            "1 VRRP instance"),
                    new ReloadPlan.Builder()
                            .add(
                                    ReloadPlan.Section.VRRP_INSTANCE,
                                    ReloadPlan.Action.CHANGE,
                                    "VI_1",
                                    "priority",
                                    "100",
                                    "150")
                            .build());
        }

        // the rest is not asked
        public String version() {
            return "1";
        }

        public Instant startedAt() {
            return Instant.EPOCH;
        }

        public Path configPath() {
            return null;
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

    @Test
    void aRequestAndTheSignalGetTheTextAndTheJson() throws Exception {
        Path dir = Files.createDirectory(
                data.resolve("preview"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        PreviewRequests requests = new PreviewRequests(daemon, dir);
        requests.start();
        try {
            Files.writeString(dir.resolve("diff-1.request"), "/tmp/next.conf\n");
            Files.writeString(dir.resolve("diff-2.request"), "\n");
            Process kill = new ProcessBuilder(
                            "kill",
                            "-" + PreviewRequests.SIGNAL,
                            Long.toString(ProcessHandle.current().pid()))
                    .inheritIO()
                    .start();
            assertEquals(0, kill.waitFor());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!(Files.exists(dir.resolve("diff-1.txt")) && Files.exists(dir.resolve("diff-2.txt")))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("""
                    /tmp/next.conf: OK (1 warnings)
                      /tmp/next.conf:3:5: a warning
                    vrrp_instance:
                      change VI_1: priority 100 -> 150
                    """, Files.readString(dir.resolve("diff-1.txt")));
            assertEquals(
                    "{\"file\":\"/tmp/next.conf\",\"outcome\":\"OK\",\"errors\":[],\"warnings\":"
                            + "[\"/tmp/next.conf:3:5: a warning\"],\"changes\":[{\"section\":\"vrrp_instance\",\"action\":\"change\","
                            + "\"object\":\"VI_1\",\"keyword\":\"priority\",\"before\":\"100\",\"after\":\"150\"}]}\n",
                    Files.readString(dir.resolve("diff-1.json")));
            assertTrue(Files.readString(dir.resolve("diff-2.txt")).startsWith("/etc/keepalived/keepalived.conf: OK"));
            assertTrue(asked.contains(Path.of("/tmp/next.conf")) && asked.contains(null), asked.toString());
            assertFalse(Files.exists(dir.resolve("diff-1.request")) || Files.exists(dir.resolve("diff-2.request")));
        } finally {
            requests.deactivate();
        }
    }

    @Test
    void aDirectoryOthersMayWriteIsRefused() throws Exception {
        Path dir = Files.createDirectory(data.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNotNull(PreviewRequests.unsafe(dir));
        Files.writeString(dir.resolve("x.request"), "\n");
        new PreviewRequests(daemon, dir).answerAll();
        assertTrue(asked.isEmpty());
        assertTrue(Files.exists(dir.resolve("x.request")), "left as it was");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        assertNull(PreviewRequests.unsafe(dir));
    }
}
