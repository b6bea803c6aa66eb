package org.keepalivedj.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.keepalivedj.api.script.CommandLine;
import org.keepalivedj.api.script.FifoSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One notify FIFO, shared by every user of the same {@link FifoSpec} (notify_fifo serves vrrp and
 * lvs): created with mkfifo when missing, its reader script started once, lines written in order on
 * a thread of its own.
 *
 * <p>Never blocking the caller: the FIFO is opened read-write, which open(2) completes at once with
 * or without a reader (write-only would wait for one); a write that blocks on a full pipe nobody
 * reads holds only the writer thread, and is interrupted at close. An existing regular file (some
 * operators point the keyword at a log file) is appended to.
 */
final class SharedFifo {
    private static final Logger LOG = LoggerFactory.getLogger(SharedFifo.class);

    private final FifoSpec spec;
    private final ProcessScriptService service;
    private final ThreadPoolExecutor writer;
    private Process reader;
    /** Set before the writer thread starts, then used only there (and at close, once it stopped). */
    private FileChannel channel;
    /** Guarded by the service. */
    int users;

    SharedFifo(FifoSpec spec, ProcessScriptService service) {
        this.spec = spec;
        this.service = service;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "notify-fifo " + spec.path());
            t.setDaemon(true);
            return t;
        });
        create();
        // Held open from now to close: a reader sees end-of-file only when the last writer closes,
        // so the reader script must never find the FIFO without one (a reload replacing another
        // SharedFifo of the same path closes that one's).
        try {
            channel = open(Path.of(spec.path()));
        } catch (IOException e) {
            LOG.warn("cannot open notify FIFO {}: {} (tried again at the next line)", spec.path(), e.getMessage());
        }
        startReader();
    }

    FifoSpec spec() {
        return spec;
    }

    void write(String line) {
        try {
            writer.execute(() -> writeNow(line));
        } catch (RejectedExecutionException e) {
            LOG.warn(
                    "notify FIFO {}: {}, line dropped: {}",
                    spec.path(),
                    writer.isShutdown() ? "closed" : "too many lines waiting",
                    line.strip());
        }
    }

    /**
     * Writes the lines still queued (for up to a second), closes the FIFO, so that the reader script
     * reads them and then end-of-file, and stops the reader with its children if it has not ended
     * within a second.
     */
    void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(1, TimeUnit.SECONDS)) {
                writer.shutdownNow(); // a write blocked on a full pipe: the interrupt closes the channel
                writer.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeChannel();
        if (reader != null) {
            try {
                reader.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (reader.isAlive()) {
                LOG.info("Stopping notify FIFO script {} (pid {})", spec.script(), reader.pid());
                ProcessScriptService.killTree(reader);
            }
        }
    }

    private void create() {
        Path path = Path.of(spec.path());
        if (Files.exists(path)) {
            return;
        }
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                LOG.warn("cannot create notify FIFO {}: {}", path, output);
                return;
            }
            // its owner as configured, else the reader script's user, so the reader may open it
            String owner = spec.owner() != null ? spec.owner() : spec.scriptUser();
            if (owner != null && !owner.isBlank() && !owner.trim().startsWith("root")) {
                chown(path, owner);
            }
        } catch (IOException e) {
            LOG.warn("cannot create notify FIFO {}: {}", path, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "user [group]": the group defaults to the user's name, as keepalived's does. */
    private static void chown(Path path, String owner) {
        String[] ug = owner.trim().split("\\s+");
        try {
            UserPrincipalLookupService names = path.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(names.lookupPrincipalByName(ug[0]));
            GroupPrincipal group = names.lookupPrincipalByGroupName(ug.length > 1 ? ug[1] : ug[0]);
            view.setGroup(group);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot give notify FIFO {} to {}: {}", path, owner, e.getMessage());
        }
    }

    private void startReader() {
        if (spec.script() == null) {
            return;
        }
        List<String> command = new ArrayList<>(CommandLine.split(spec.script()));
        if (command.isEmpty()) {
            return;
        }
        command.add(spec.path()); // the FIFO is the reader's last argument
        Optional<String> refused = service.refusal("notify FIFO script", command, spec.scriptUser(), spec.secure());
        if (refused.isPresent()) {
            return;
        }
        try {
            Process p = service.start(command, spec.scriptUser());
            reader = p;
            LOG.info("Started notify FIFO script {} (pid {})", ProcessScriptService.shown(command), p.pid());
            p.onExit().thenAccept(done -> {
                if (!writer.isShutdown()) {
                    LOG.warn(
                            "notify FIFO script {} ended with exit status {} before the FIFO was closed",
                            ProcessScriptService.shown(command),
                            done.exitValue());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot start notify FIFO script {}: {}", ProcessScriptService.shown(command), e.getMessage());
        }
    }

    private void writeNow(String line) {
        try {
            if (channel == null) {
                channel = open(Path.of(spec.path()));
            }
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            LOG.warn("cannot write notify FIFO {}: {}", spec.path(), e.getMessage());
            closeChannel();
        }
    }

    private static FileChannel open(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private void closeChannel() {
        FileChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing notify FIFO {}: {}", spec.path(), e.getMessage());
            }
        }
    }
}
