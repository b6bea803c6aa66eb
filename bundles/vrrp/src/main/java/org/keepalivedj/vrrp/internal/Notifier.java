package org.keepalivedj.vrrp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.api.model.NotifyScripts;
import org.keepalivedj.api.script.CommandLine;
import org.keepalivedj.api.script.ScriptResult;
import org.keepalivedj.api.script.ScriptRunner;
import org.keepalivedj.api.script.ScriptSecurity;
import org.keepalivedj.api.vrrp.InstanceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notify scripts and writes the notify FIFO on a small bounded pool, never on the timer
 * thread. notify_master/backup/fault/stop get only their own arguments; the generic notify gets
 * {@code INSTANCE NAME STATE PRIORITY} appended (GROUP for sync groups); the FIFO gets one line
 * {@code INSTANCE "NAME" STATE PRIORITY}.
 *
 * <p>Neither may stall VRRP or a reload: a notify script is killed (with its process tree) at
 * {@link #SCRIPT_TIMEOUT}, and a FIFO is opened read-write, which never blocks even with no reader
 * (a blocked write, once the pipe is full, is interrupted at close).
 */
final class Notifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");
    /** How long a notify script may run (system property keepalivedj.notify.timeout, seconds; default 30). */
    static final Duration SCRIPT_TIMEOUT = Duration.ofMillis(
            (long) (Double.parseDouble(System.getProperty("keepalivedj.notify.timeout", "30")) * 1000));

    private final ExecutorService pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(1000), r -> {
                Thread t = new Thread(r, "vrrp-notify");
                t.setDaemon(true);
                return t;
            });
    /** One thread so FIFO lines keep the order of the transitions. */
    private final ExecutorService fifoWriter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vrrp-notify-fifo");
        t.setDaemon(true);
        return t;
    });
    private final String scriptUser;
    private final boolean scriptSecurity;
    private final ScriptSecurity.RefusalLog refusals = new ScriptSecurity.RefusalLog();
    private final String fifoPath;
    private final AtomicLong scriptsRun = new AtomicLong();
    private final AtomicLong scriptFailures = new AtomicLong();
    /** Used only on the fifoWriter thread. */
    private FileChannel fifo;

    Notifier(String scriptUser, String fifoPath) {
        this(scriptUser, false, fifoPath);
    }

    /** scriptSecurity: global_defs enable_script_security, refuse scripts unsafe to run as root. */
    Notifier(String scriptUser, boolean scriptSecurity, String fifoPath) {
        this.scriptUser = scriptUser;
        this.scriptSecurity = scriptSecurity;
        this.fifoPath = fifoPath;
    }

    /** For an instance ("INSTANCE") or a sync group ("GROUP"). */
    void notify(String kind, String name, NotifyScripts scripts, InstanceState state, int priority) {
        String word = state.name();
        String specific = switch (state) {
            case MASTER -> scripts.master();
            case BACKUP -> scripts.backup();
            case FAULT -> scripts.fault();
            case STOP -> scripts.stop();
            default -> null;
        };
        if (specific != null) {
            run(CommandLine.split(specific));
        }
        if (scripts.any() != null) {
            List<String> c = new ArrayList<>(CommandLine.split(scripts.any()));
            c.addAll(List.of(kind, name, word, Integer.toString(priority)));
            run(c);
        }
        if (fifoPath != null) {
            String line = kind + " \"" + name + "\" " + word + " " + priority + "\n";
            fifoWriter.execute(() -> writeFifo(line));
        }
    }

    private void run(List<String> command) {
        if (command.isEmpty()) {
            return;
        }
        List<String> full = CommandLine.asUser(scriptUser, command);
        submit(() -> {
            if (scriptSecurity) {
                // Checked off the timer thread: it reads the file system.
                var refused = ScriptSecurity.check(command, scriptUser);
                if (refused.isPresent()) {
                    scriptFailures.incrementAndGet();
                    if (refusals.first(command.get(0), refused.get())) {
                        LOG.warn("notify script {} refused by enable_script_security: {}", command.get(0), refused.get());
                    }
                    return;
                }
            }
            ScriptResult r = ScriptRunner.run(full, SCRIPT_TIMEOUT);
            if (r.error() == null) {
                scriptsRun.incrementAndGet();
            }
            if (!r.ok()) {
                scriptFailures.incrementAndGet();
                LOG.warn("notify script {} {}", String.join(" ", command), r.describe());
            }
        });
    }

    private void submit(Runnable task) {
        try {
            pool.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            scriptFailures.incrementAndGet();
            LOG.warn("notify queue full or closed, dropped a notification");
        }
    }

    private void writeFifo(String line) {
        try {
            if (fifo == null) {
                fifo = openFifo(Path.of(fifoPath));
            }
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                fifo.write(bytes);
            }
        } catch (IOException e) {
            LOG.warn("cannot write notify FIFO {}: {}", fifoPath, e.getMessage());
            closeFifo();
        }
    }

    /**
     * A FIFO is opened read-write: open(2) of a FIFO for writing alone blocks until a reader comes.
     * Anything else (a plain file, as tests and some operators use) is appended to.
     */
    private static FileChannel openFifo(Path path) throws IOException {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void closeFifo() {
        if (fifo != null) {
            try {
                fifo.close();
            } catch (IOException ignored) {
                // already failing; nothing more to do
            }
            fifo = null;
        }
    }

    long scriptsRun() {
        return scriptsRun.get();
    }

    /** Lets queued notifications finish (up to the timeout), then stops the pool. */
    @Override
    public void close() {
        pool.shutdown();
        fifoWriter.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
            if (!fifoWriter.awaitTermination(1, TimeUnit.SECONDS)) {
                // a write blocked on a full FIFO nobody reads: the interrupt closes the channel
                fifoWriter.shutdownNow();
                fifoWriter.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeFifo();
    }
}
