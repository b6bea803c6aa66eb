package org.keepalivedj.vrrp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.keepalivedj.api.model.TrackFile;
import org.keepalivedj.api.model.TrackProcess;
import org.keepalivedj.api.model.VrrpScript;
import org.keepalivedj.api.script.Script;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.api.vrrp.ProcessStatus;
import org.keepalivedj.api.vrrp.ScriptStatus;
import org.keepalivedj.vrrp.VrrpScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tracked objects: vrrp_script on their interval (on a bounded pool, with timeout and
 * rise/fall), track_file and track_process polled every second. Results are reported on the
 * timer thread as {@code script NAME} / {@code process NAME} up or down, and {@code file NAME} values.
 */
final class TrackingRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");
    private static final long POLL_NANOS = 1_000_000_000L;

    private final VrrpScheduler timer;
    private final BiConsumer<String, Boolean> flagChanged;
    private final BiConsumer<String, Long> valueChanged;
    private final String scriptUser;
    private final ScriptService scriptService;
    /** global_defs enable_script_security; set at every config apply. */
    private volatile boolean scriptSecurity;

    private final ExecutorService pool =
            new ThreadPoolExecutor(2, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256), r -> {
                Thread t = new Thread(r, "vrrp-track-script");
                t.setDaemon(true);
                return t;
            });
    private final Map<String, ScriptState> scripts = new HashMap<>();
    private final Map<String, TrackFile> files = new HashMap<>();
    private final Map<String, TrackProcess> processes = new HashMap<>();
    /** Each track_file's last value (read by the runtime views from any thread). */
    private final Map<String, Long> fileValues = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<String, Boolean> processUp = new HashMap<>();
    /** Each track_process's count at the last poll and its verdict, published for the runtime views. */
    private final Map<String, ProcessStatus> processStatuses = new java.util.concurrent.ConcurrentHashMap<>();
    /** A process change waiting out its fork_delay / terminate_delay. */
    private final Map<String, VrrpScheduler.Timer> processPending = new HashMap<>();

    /** Each script's verdict, published for the runtime views (read from any thread). */
    private final Map<String, ScriptStatus> statuses = new java.util.concurrent.ConcurrentHashMap<>();

    private VrrpScheduler.Timer pollTimer;
    private volatile boolean closed;

    private final class ScriptState {
        VrrpScript script;
        boolean up;
        int successes;
        int failures;
        boolean running;
        /** A verdict was reached once (rise successes or fall failures in a row). */
        boolean settled;

        VrrpScheduler.Timer timer;

        ScriptState(VrrpScript script) {
            this.script = script;
            this.up = !script.initFail();
        }

        ScriptStatus status() {
            return settled
                    ? (up ? ScriptStatus.GOOD : ScriptStatus.BAD)
                    : up ? ScriptStatus.INIT : ScriptStatus.INIT_FAILED;
        }
    }

    TrackingRuntime(
            VrrpScheduler timer,
            ScriptService scriptService,
            String scriptUser,
            BiConsumer<String, Boolean> flagChanged,
            BiConsumer<String, Long> valueChanged) {
        this.timer = timer;
        this.scriptService = scriptService;
        this.scriptUser = scriptUser;
        this.flagChanged = flagChanged;
        this.valueChanged = valueChanged;
    }

    void scriptSecurity(boolean enabled) {
        scriptSecurity = enabled;
    }

    /** Starts running the script (once, however many instances track it); returns its current state. */
    boolean script(VrrpScript s) {
        ScriptState st = scripts.get(s.name());
        if (st != null && runsTheSame(st.script, s)) {
            st.script = s; // moved in the file, or a new weight: it keeps its runs and its result
        } else if (st != null) {
            // a reload changed how it runs (command, user, interval, ...): the new definition runs from now on
            if (st.timer != null) {
                st.timer.cancel();
            }
            st = null;
        }
        if (st == null) {
            ScriptState created = new ScriptState(s);
            scripts.put(s.name(), created);
            statuses.put(s.name(), created.status());
            created.timer = timer.schedule(0, () -> runScript(created));
            st = created;
        }
        return st.up;
    }

    private static boolean runsTheSame(VrrpScript a, VrrpScript b) {
        return Objects.equals(a.script(), b.script())
                && Objects.equals(a.interval(), b.interval())
                && Objects.equals(a.timeout(), b.timeout())
                && a.rise() == b.rise()
                && a.fall() == b.fall()
                && Objects.equals(a.user(), b.user())
                && Objects.equals(a.group(), b.group());
    }

    /** The scripts' verdicts by name (a live view, safe from any thread). */
    Map<String, ScriptStatus> scriptStatuses() {
        return java.util.Collections.unmodifiableMap(statuses);
    }

    /** The track_files' last values by name (a live view, safe from any thread). */
    Map<String, Long> fileValues() {
        return java.util.Collections.unmodifiableMap(fileValues);
    }

    /** The track_processes' counts and verdicts by name (a live view, safe from any thread). */
    Map<String, ProcessStatus> processStatuses() {
        return java.util.Collections.unmodifiableMap(processStatuses);
    }

    long file(TrackFile f) {
        TrackFile was = files.put(f.name(), f);
        if (was != null && !(was.file().equals(f.file()) && Objects.equals(was.initValue(), f.initValue()))) {
            fileValues.remove(f.name()); // a reload changed what it reads: read it as it is now
        }
        ensurePolling();
        return fileValues.computeIfAbsent(f.name(), n -> readFile(f));
    }

    boolean process(TrackProcess p) {
        processes.put(p.name(), p); // a definition a reload changed is polled from now on
        ensurePolling();
        Boolean up = processUp.get(p.name());
        if (up == null) {
            int count = processCount(p);
            up = withinQuorum(p, count);
            processUp.put(p.name(), up);
            processStatuses.put(p.name(), new ProcessStatus(count, up));
        }
        return up;
    }

    private void runScript(ScriptState st) {
        if (closed || scripts.get(st.script.name()) != st) {
            return; // stopped, or replaced by a reload
        }
        long interval = st.script.interval() != null ? st.script.interval().toNanos() : POLL_NANOS;
        st.timer = timer.schedule(interval, () -> runScript(st));
        if (st.running) {
            return; // the previous run has not finished yet
        }
        st.running = true;
        long timeoutMs = st.script.timeout() != null && !st.script.timeout().isZero()
                ? st.script.timeout().toMillis()
                : Math.max(1000, interval / 1_000_000);
        // vrrp_script's user USER [GROUP]; the service takes "user [group]"
        String user = st.script.user() == null
                ? scriptUser
                : st.script.group() == null ? st.script.user() : st.script.user() + " " + st.script.group();
        try {
            pool.execute(() -> {
                boolean ok = execute(st.script, user, timeoutMs);
                timer.execute(() -> scriptResult(st, ok));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            st.running = false;
        }
    }

    private void scriptResult(ScriptState st, boolean ok) {
        st.running = false;
        if (scripts.get(st.script.name()) != st) {
            return; // a run of a definition a reload replaced
        }
        if (ok) {
            st.successes++;
            st.failures = 0;
        } else {
            st.failures++;
            st.successes = 0;
        }
        boolean was = st.up;
        boolean risen = st.successes >= Math.max(1, st.script.rise());
        boolean fallen = st.failures >= Math.max(1, st.script.fall());
        if (!st.up && risen) {
            st.up = true;
        } else if (st.up && fallen) {
            st.up = false;
        }
        st.settled |= risen || fallen;
        statuses.put(st.script.name(), st.status());
        if (was != st.up) {
            LOG.info("Script `{}` now returning {}", st.script.name(), st.up ? "0 (success)" : "failure");
            flagChanged.accept("script " + st.script.name(), st.up);
        }
    }

    /** A script refused by enable_script_security counts as failed (logged once per script and reason). */
    private boolean execute(VrrpScript script, String user, long timeoutMs) {
        return scriptService
                .run(Script.check(
                        "vrrp_script " + script.name(),
                        script.script(),
                        user,
                        scriptSecurity,
                        Duration.ofMillis(timeoutMs)))
                .ok();
    }

    private void ensurePolling() {
        if (pollTimer == null) {
            pollTimer = timer.schedule(POLL_NANOS, this::poll);
        }
    }

    private void poll() {
        if (closed) {
            return;
        }
        pollTimer = timer.schedule(POLL_NANOS, this::poll);
        for (TrackFile f : files.values()) {
            long v = readFile(f);
            Long old = fileValues.put(f.name(), v);
            if (old == null || old != v) {
                valueChanged.accept("file " + f.name(), v);
            }
        }
        for (TrackProcess p : processes.values()) {
            int count = processCount(p);
            processStatuses.put(p.name(), new ProcessStatus(count, processUp.getOrDefault(p.name(), false)));
            processSeen(p, withinQuorum(p, count));
        }
    }

    /**
     * A poll saw the process's quorum held (up) or lost. A change waits fork_delay (quorum gained) or
     * terminate_delay (lost), each defaulting to delay, and counts only if it still holds then: a
     * process restarted or re-forked within the delay does not bounce the instances.
     */
    private void processSeen(TrackProcess p, boolean up) {
        Boolean old = processUp.get(p.name());
        if (old != null && old == up) {
            VrrpScheduler.Timer pending = processPending.remove(p.name());
            if (pending != null) {
                pending.cancel(); // back as it was within the delay
            }
            return;
        }
        Duration delay = up ? orDelay(p.forkDelay(), p) : orDelay(p.terminateDelay(), p);
        if (old == null || delay == null || delay.isZero()) {
            processChanged(p, up);
        } else if (!processPending.containsKey(p.name())) {
            processPending.put(p.name(), timer.schedule(delay.toNanos(), () -> {
                processPending.remove(p.name());
                TrackProcess now = processes.get(p.name());
                if (!closed && now != null && processRunning(now) == up) {
                    processChanged(now, up);
                }
            }));
        }
    }

    /** fork_delay / terminate_delay when set (not 0), else delay, which sets both. */
    private static Duration orDelay(Duration specific, TrackProcess p) {
        return specific != null && !specific.isZero() ? specific : p.delay();
    }

    private void processChanged(TrackProcess p, boolean up) {
        processUp.put(p.name(), up);
        processStatuses.computeIfPresent(p.name(), (n, s) -> new ProcessStatus(s.running(), up));
        LOG.info("Process {} now {}", p.name(), up ? "running" : "not running");
        flagChanged.accept("process " + p.name(), up);
    }

    /** The number in the file; a missing or unreadable file counts as 0, as keepalived does. */
    static long readFile(TrackFile f) {
        try {
            String s =
                    Files.readString(Path.of(f.file()), StandardCharsets.UTF_8).trim();
            String first = s.isEmpty() ? "0" : s.split("\\s+")[0];
            return Long.parseLong(first);
        } catch (IOException | NumberFormatException e) {
            return f.initValue() != null ? f.initValue() : 0;
        }
    }

    /** True when the number of matching processes is within quorum..quorum_max. */
    static boolean processRunning(TrackProcess p) {
        return withinQuorum(p, processCount(p));
    }

    /** The processes matching now (0 when /proc cannot be read). */
    static int processCount(TrackProcess p) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return (int) procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(d -> matches(d, p))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean withinQuorum(TrackProcess p, int count) {
        int quorum = Math.max(1, p.quorum());
        int max = p.quorumMax() > 0 ? p.quorumMax() : Integer.MAX_VALUE;
        return count >= quorum && count <= max;
    }

    private static boolean matches(Path procDir, TrackProcess p) {
        try {
            byte[] raw = Files.readAllBytes(procDir.resolve("cmdline"));
            if (raw.length == 0) {
                return false;
            }
            List<String> args = List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
            String exe = args.get(0);
            String name = p.fullCommand() ? exe : exe.substring(exe.lastIndexOf('/') + 1);
            String wanted = p.fullCommand()
                    ? p.process()
                    : p.process().substring(p.process().lastIndexOf('/') + 1);
            if (!name.equals(wanted)) {
                String comm = Files.readString(procDir.resolve("comm")).trim();
                if (!comm.equals(wanted)) {
                    return false;
                }
            }
            if (p.parameters().isEmpty()) {
                return true;
            }
            List<String> params = args.subList(1, args.size());
            return "partial".equals(p.paramMatch())
                    ? String.join(" ", params).startsWith(String.join(" ", p.parameters()))
                    : params.equals(p.parameters());
        } catch (IOException | RuntimeException e) {
            return false; // the process went away while we looked
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ScriptState s : scripts.values()) {
            if (s.timer != null) {
                s.timer.cancel();
            }
        }
        if (pollTimer != null) {
            pollTimer.cancel();
        }
        processPending.values().forEach(VrrpScheduler.Timer::cancel);
        pool.shutdownNow();
    }
}
