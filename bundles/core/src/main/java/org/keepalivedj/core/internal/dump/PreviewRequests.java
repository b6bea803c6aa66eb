package org.keepalivedj.core.internal.dump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.ReloadPreview;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@code bin/keepalived --diff} asks the running daemon for a reload plan: it writes
 * {@code ID.request} (one line: the file, or empty for the running config's) into the instance's
 * {@code DATA/preview} directory and sends {@link #SIGNAL}; the daemon answers with {@code ID.txt}
 * and {@code ID.json} and removes the request. Who may ask is who may write that directory and
 * signal the daemon, the same people who may send it SIGHUP: the directory must belong to the
 * daemon's user and be writable by nobody else, or its requests are refused (logged).
 */
@Component(immediate = true)
public class PreviewRequests {
    private static final Logger LOG = LoggerFactory.getLogger(PreviewRequests.class);
    /** SIGRTMIN+3 with glibc on Linux: no keepalived signal function uses it. */
    public static final int SIGNAL = 37;

    static final String DIRECTORY = "preview";

    @Reference
    private Daemon daemon;

    private Path directory;
    private ExecutorService worker;
    private SignalHandlers signals;

    public PreviewRequests() {}

    /** Without OSGi (tests): answers requests in this directory once {@link #start} ran. */
    PreviewRequests(Daemon daemon, Path directory) {
        this.daemon = daemon;
        this.directory = directory;
    }

    @Activate
    void activate(BundleContext context) {
        directory = Path.of(String.valueOf(context.getProperty("karaf.data")), DIRECTORY);
        start();
    }

    void start() {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "keepalived-preview");
            t.setDaemon(true);
            return t;
        });
        signals = new SignalHandlers();
        signals.handle(SIGNAL, "RTMIN+3", () -> worker.execute(this::answerAll));
    }

    @Deactivate
    void deactivate() {
        signals.close();
        worker.shutdownNow();
    }

    /** Answers every request in the directory (each signal may stand for several). */
    void answerAll() {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("Reload preview requested, but {} does not exist", directory);
            return;
        }
        String unsafe = unsafe(directory);
        if (unsafe != null) {
            LOG.error("Reload preview requests in {} refused: {}", directory, unsafe);
            return;
        }
        try (DirectoryStream<Path> requests = Files.newDirectoryStream(directory, "*.request")) {
            for (Path request : requests) {
                answer(request);
            }
        } catch (IOException e) {
            LOG.error("Cannot read reload preview requests in {}: {}", directory, e.toString());
        }
    }

    private void answer(Path request) {
        String name = request.getFileName().toString();
        String id = name.substring(0, name.length() - ".request".length());
        try {
            String line = Files.readString(request, StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("")
                    .trim();
            ReloadPreview preview = daemon.previewReload(line.isEmpty() ? null : Path.of(line));
            LOG.info(
                    "Reload preview of {} for request {}: {} change(s)",
                    preview.load().file(),
                    id,
                    preview.plan().changes().size());
            // the JSON first: a client waits for the text, then both are there
            write(directory.resolve(id + ".json"), KeepalivedJson.preview(preview) + "\n");
            write(directory.resolve(id + ".txt"), preview.text());
        } catch (IOException | RuntimeException e) {
            LOG.error("Reload preview request {} failed: {}", id, e.toString());
        } finally {
            try {
                Files.deleteIfExists(request);
            } catch (IOException e) {
                LOG.warn("Cannot remove {}: {}", request, e.toString());
            }
        }
    }

    private static void write(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Why requests from this directory cannot be trusted, or null: another owner, or writable by others. */
    static String unsafe(Path dir) {
        try {
            String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
            String us = System.getProperty("user.name");
            if (!owner.equals(us)) {
                return "it belongs to " + owner + ", not to the daemon's user " + us;
            }
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
                return "it is writable by group or others";
            }
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return "its owner and permissions cannot be read: " + e;
        }
    }
}
