package org.keepalivedj.lvs.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.keepalivedj.api.script.ScriptSecurity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notify commands through {@code /bin/sh -c} on a small bounded pool (a slow script delays only
 * other scripts), and writes FIFO lines on a thread of their own (opening a FIFO waits for a reader).
 */
final class ProcessNotifier implements Notifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessNotifier.class);
    private static final long SCRIPT_TIMEOUT_SECONDS = 60;

    private final ThreadPoolExecutor scripts;
    private final ExecutorService fifoWriter;
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile String fifoPath;
    private volatile boolean scriptSecurity;
    private final ScriptSecurity.RefusalLog refusals = new ScriptSecurity.RefusalLog();
    private final AtomicInteger refused = new AtomicInteger();
    private OutputStream fifo;
    private String openPath;

    ProcessNotifier() {
        scripts = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                daemon("lvs-notify"));
        scripts.allowCoreThreadTimeOut(true);
        fifoWriter = Executors.newSingleThreadExecutor(daemon("lvs-notify-fifo"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void script(String command) {
        try {
            scripts.execute(() -> run(command));
        } catch (RejectedExecutionException e) {
            LOG.error("Notify queue full: not running '{}' ({} dropped so far)", command, dropped.incrementAndGet());
        }
    }

    @Override
    public void scriptSecurity(boolean enabled) {
        scriptSecurity = enabled;
    }

    /** How many scripts enable_script_security refused to run. */
    int refused() {
        return refused.get();
    }

    private void run(String command) {
        if (scriptSecurity) {
            // These scripts run as ourselves (no script_user), so as root under systemd.
            var problem = ScriptSecurity.check(command, null);
            if (problem.isPresent()) {
                refused.incrementAndGet();
                if (refusals.first(command, problem.get())) {
                    LOG.warn("Notify script '{}' refused by enable_script_security: {}", command, problem.get());
                }
                return;
            }
        }
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warn("Notify script '{}' killed after {} s", command, SCRIPT_TIMEOUT_SECONDS);
            } else if (p.exitValue() != 0) {
                LOG.warn("Notify script '{}' exited with status {}", command, p.exitValue());
            }
        } catch (IOException e) {
            LOG.error("Cannot run notify script '{}': {}", command, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void fifoPath(String path) {
        fifoPath = path;
    }

    @Override
    public void fifo(String line) {
        String path = fifoPath;
        if (path == null) {
            return;
        }
        try {
            fifoWriter.execute(() -> write(path, line));
        } catch (RejectedExecutionException e) {
            LOG.debug("FIFO writer stopped; line dropped: {}", line);
        }
    }

    /** Only on the FIFO thread. */
    private void write(String path, String line) {
        try {
            if (fifo == null || !path.equals(openPath)) {
                closeFifo();
                fifo = new FileOutputStream(path, true);
                openPath = path;
            }
            fifo.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            fifo.flush();
        } catch (IOException e) {
            LOG.warn("Cannot write to notify FIFO {}: {}", path, e.getMessage());
            closeFifo();
        }
    }

    private void closeFifo() {
        if (fifo != null) {
            try {
                fifo.close();
            } catch (IOException e) {
                LOG.debug("Closing notify FIFO {}: {}", openPath, e.getMessage());
            }
            fifo = null;
        }
    }

    @Override
    public void drain(long timeoutMillis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while ((scripts.getActiveCount() > 0 || !scripts.getQueue().isEmpty()) && System.nanoTime() < end) {
            try {
                Thread.sleep(10); // no completion signal from a pool; bounded by timeoutMillis
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        scripts.shutdown();
        fifoWriter.execute(this::closeFifo);
        fifoWriter.shutdown();
    }
}
