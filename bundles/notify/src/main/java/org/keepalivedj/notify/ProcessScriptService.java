package org.keepalivedj.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.api.script.CommandLine;
import org.keepalivedj.api.script.FifoSpec;
import org.keepalivedj.api.script.NotifyFifo;
import org.keepalivedj.api.script.Script;
import org.keepalivedj.api.script.ScriptResult;
import org.keepalivedj.api.script.ScriptSecurity;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.netlink.NetworkNamespace;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ScriptService} of keepalived-j: real processes, real FIFOs. One instance is registered
 * by Declarative Services for core, vrrp and lvs; outside OSGi (tests, tools) construct one and
 * {@link #close} it.
 *
 * <p>Every script: words split as keepalived does; run as its user through setpriv when that is not
 * us; refused when enable_script_security is set and the script is unsafe to run as root (logged
 * once per script and reason); stdin empty, stdout and stderr discarded; killed with every process it
 * started at its timeout (a notify script's is {@link #NOTIFY_TIMEOUT}) and at {@link #close}; a
 * failure logged as "PURPOSE LINE exit status N" or "... timed out after N ms and was killed" at WARN
 * (a check's non-zero exit status is its answer, not a failure).
 */
@Component(service = ScriptService.class)
public final class ProcessScriptService implements ScriptService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessScriptService.class);
    /** How long a notify script may run (system property keepalivedj.notify.timeout, seconds; default 30). */
    public static final Duration NOTIFY_TIMEOUT = Duration.ofMillis(
            (long) (Double.parseDouble(System.getProperty("keepalivedj.notify.timeout", "30")) * 1000));
    /** How long {@link #close} lets queued scripts finish before it kills what still runs. */
    private static final long CLOSE_GRACE_MILLIS = 5_000;

    /** Primary group id by user name, for scripts whose user line names no group. */
    private final java.util.Map<String, String> primaryGroups = new java.util.concurrent.ConcurrentHashMap<>();

    private final Duration notifyTimeout;
    private final ThreadPoolExecutor pool;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final Map<FifoSpec, SharedFifo> fifos = new HashMap<>();
    private final ScriptSecurity.RefusalLog refusals = new ScriptSecurity.RefusalLog();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;
    /** Starts scripts inside the daemon's network namespace (net_namespace); null: on the calling thread. */
    private volatile java.util.concurrent.ExecutorService launcher;

    private volatile DaemonNetworkNamespace launcherNamespace;

    public ProcessScriptService() {
        this(NOTIFY_TIMEOUT);
    }

    /** notifyTimeout: how long a script without a timeout of its own may run. */
    public ProcessScriptService(Duration notifyTimeout) {
        this.notifyTimeout = notifyTimeout;
        this.pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000), r -> {
            Thread t = new Thread(r, "notify-script");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public ScriptResult run(Script script) {
        ScriptResult r = execute(script);
        boolean answered = r.error() == null && !r.timedOut();
        if (r.ok() || answered && script.exitIsAnswer()) {
            LOG.debug("{} {} {}", script.purpose(), shown(script.command()), r.describe());
            return r;
        }
        failures.incrementAndGet();
        if (r.error() == null || !r.error().startsWith(REFUSED)) { // refusals are logged once, in execute
            LOG.warn("{} {} {}", script.purpose(), shown(script.command()), r.describe());
        }
        return r;
    }

    @Override
    public CompletableFuture<ScriptResult> submit(Script script) {
        CompletableFuture<ScriptResult> done = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    done.complete(run(script));
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            failures.incrementAndGet();
            String why = closed ? "stopping" : "too many scripts waiting";
            LOG.warn("{} {} not run: {}", script.purpose(), shown(script.command()), why);
            done.complete(new ScriptResult(ScriptResult.NO_STATUS, false, why, Duration.ZERO));
        }
        return done;
    }

    @Override
    public synchronized NotifyFifo fifo(FifoSpec spec) {
        if (closed) {
            throw new IllegalStateException("the notify service is stopped");
        }
        SharedFifo f = fifos.get(spec);
        if (f == null) {
            f = new SharedFifo(spec, this);
            fifos.put(spec, f);
        }
        f.users++;
        return new Handle(f);
    }

    /** Scripts that failed, timed out, were refused or could not be queued. */
    public long failures() {
        return failures.get();
    }

    /**
     * Lets queued scripts finish for a few seconds, closes the FIFOs (each reader gets a second to
     * read its last lines), then kills every script and FIFO reader still running, with its children.
     */
    /**
     * net_namespace: scripts start inside the daemon's network namespace, as keepalived's do (a child
     * process inherits the namespace of the thread that starts it). Until core publishes it, and
     * without net_namespace, they start where keepalived-j started.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void setNamespace(DaemonNetworkNamespace namespace) {
        java.util.concurrent.ExecutorService previous = launcher;
        launcherNamespace = namespace;
        launcher = namespace.isStarting()
                ? null
                : java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(
                            () -> {
                                NetworkNamespace.enter(namespace.name());
                                r.run();
                            },
                            "script-launcher-" + namespace.name());
                    t.setDaemon(true);
                    return t;
                });
        if (previous != null) {
            previous.shutdown();
        }
    }

    public void unsetNamespace(DaemonNetworkNamespace namespace) {
        if (namespace != null && !namespace.equals(launcherNamespace)) {
            return; // its successor is already set
        }
        java.util.concurrent.ExecutorService previous = launcher;
        launcher = null;
        if (previous != null) {
            previous.shutdown();
        }
    }

    @Deactivate
    @Override
    public void close() {
        closed = true;
        unsetNamespace(null);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow(); // a run interrupted kills its script's tree
                pool.awaitTermination(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<SharedFifo> open;
        synchronized (this) {
            open = List.copyOf(fifos.values());
            fifos.clear();
        }
        open.forEach(SharedFifo::close); // their readers get the last lines, then end-of-file
        running.forEach(ProcessScriptService::killTree);
    }

    // ---- running one script -------------------------------------------------------------------

    private static final String REFUSED = "refused by enable_script_security: ";

    private ScriptResult execute(Script script) {
        long start = System.nanoTime();
        List<String> command = script.command();
        if (command.isEmpty()) {
            return new ScriptResult(ScriptResult.NO_STATUS, false, "empty command", Duration.ZERO);
        }
        Optional<String> refused = refusal(script.purpose(), command, script.user(), script.secure());
        if (refused.isPresent()) {
            return new ScriptResult(ScriptResult.NO_STATUS, false, REFUSED + refused.get(), Duration.ZERO);
        }
        Process p;
        try {
            p = start(command, script.user());
        } catch (IOException e) {
            return new ScriptResult(ScriptResult.NO_STATUS, false, e.getMessage(), since(start));
        }
        Duration timeout = script.timeout() != null ? script.timeout() : notifyTimeout;
        try {
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                killTree(p);
                return new ScriptResult(ScriptResult.NO_STATUS, true, null, since(start));
            }
            return new ScriptResult(p.exitValue(), false, null, since(start));
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            return new ScriptResult(ScriptResult.NO_STATUS, false, "interrupted (stopping)", since(start));
        } finally {
            running.remove(p);
        }
    }

    /** enable_script_security: the reason a script may not run, logged the first time it is seen. */
    Optional<String> refusal(String purpose, List<String> command, String user, boolean secure) {
        if (!secure) {
            return Optional.empty();
        }
        Optional<String> refused = ScriptSecurity.check(command, user);
        if (refused.isPresent() && refusals.first(command.get(0), refused.get())) {
            LOG.warn("{} {} refused by enable_script_security: {}", purpose, command.get(0), refused.get());
        }
        return refused;
    }

    private Process launch(ProcessBuilder builder) throws IOException {
        java.util.concurrent.ExecutorService in = launcher;
        if (in == null) {
            return builder.start();
        }
        try {
            return in.submit(builder::start).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException | RejectedExecutionException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("script not started: " + e, e);
        }
    }

    /** Starts the command as the user; it is killed with its children at {@link #close} if still running. */
    Process start(List<String> command, String user) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(CommandLine.asUser(withPrimaryGroup(user), command))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = launch(builder);
        running.add(p);
        p.onExit().thenRun(() -> running.remove(p));
        return p;
    }

    /**
     * "USER" becomes "USER GID" with the user's primary group, which keepalived takes from the passwd
     * entry (Debian's nobody is in nogroup, not in a group named nobody); "USER GROUP" stays. Looked up
     * once per user with id(1), which asks NSS as getpwnam does.
     */
    private String withPrimaryGroup(String userAndGroup) {
        if (userAndGroup == null || userAndGroup.isBlank()) {
            return userAndGroup;
        }
        String[] words = userAndGroup.trim().split("\\s+");
        if (words.length > 1) {
            return userAndGroup;
        }
        String gid = primaryGroups.computeIfAbsent(words[0], ProcessScriptService::primaryGroupOf);
        return gid == null ? userAndGroup : words[0] + " " + gid;
    }

    private static String primaryGroupOf(String user) {
        try {
            Process id = new ProcessBuilder("id", "-g", "--", user)
                    .redirectErrorStream(true)
                    .start();
            String out =
                    new String(id.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
            return id.waitFor(5, TimeUnit.SECONDS) && id.exitValue() == 0 && out.matches("\\d+") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Kills the process and every process it started, children first (an orphan is no longer a descendant). */
    static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command for a log line: a word with blanks in quotes, so that the words can be told apart. */
    static String shown(List<String> command) {
        StringBuilder b = new StringBuilder();
        for (String w : command) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(w.isEmpty() || w.chars().anyMatch(Character::isWhitespace) ? "'" + w + "'" : w);
        }
        return b.toString();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * The last user gone, the FIFO is closed on a thread of its own: closing waits for the last lines
     * and the reader (up to a few seconds), and the caller may be VRRP's timer thread at a reload.
     */
    synchronized void release(SharedFifo f) {
        if (--f.users == 0) {
            fifos.remove(f.spec(), f);
            Thread closer = new Thread(f::close, "notify-fifo-close " + f.spec().path());
            closer.setDaemon(true);
            closer.start();
        }
    }

    /** One user's view of a shared FIFO; closing it twice releases it once. */
    private final class Handle implements NotifyFifo {
        private final SharedFifo fifo;
        private boolean released;

        Handle(SharedFifo fifo) {
            this.fifo = fifo;
        }

        @Override
        public FifoSpec spec() {
            return fifo.spec();
        }

        @Override
        public void write(String line) {
            fifo.write(line + "\n");
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                release(fifo);
            }
        }
    }
}
