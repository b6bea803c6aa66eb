package org.keepalivedj.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A named network namespace that this object created and deletes on {@link #close()}.
 * Commands run in it through {@code ip netns exec}; Java code runs in it on a dedicated thread
 * that joined it with setns(2), so sockets opened there belong to the namespace.
 */
public final class Netns implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final List<Process> processes = new ArrayList<>();
    private ExecutorService thread;
    private boolean closed;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates the namespace and brings its loopback up. */
    public static Netns create(String name) {
        Commands.run("ip", "netns", "add", name).orThrow();
        Netns ns = new Netns(name);
        try {
            ns.execOrThrow("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs a command inside the namespace and waits for it. */
    public CommandResult exec(String... command) {
        return Commands.run(Commands.DEFAULT_TIMEOUT, withNetns(command));
    }

    public CommandResult exec(Duration timeout, String... command) {
        return Commands.run(timeout, withNetns(command));
    }

    /** Runs a command inside the namespace and throws unless it exits 0. */
    public CommandResult execOrThrow(String... command) {
        return exec(command).orThrow();
    }

    /** Starts a long-running command inside the namespace; it is killed on {@link #close()}. */
    public synchronized Process start(String... command) {
        try {
            Process p = new ProcessBuilder(withNetns(command))
                    .redirectErrorStream(true)
                    .start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command) + " in " + name, e);
        }
    }

    /**
     * {@link #start} with the command's output (stdout and stderr) appended to {@code log}, so that
     * a long-running daemon never blocks on a full pipe and its log outlives it.
     */
    public Process startLogged(Path log, List<String> command) {
        StringBuilder shell = new StringBuilder("exec");
        for (String word : command) {
            shell.append(' ').append(quoted(word));
        }
        shell.append(" >>").append(quoted(log.toString())).append(" 2>&1");
        return start("sh", "-c", shell.toString());
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * The first {@code count} IPv4 VRRP adverts tcpdump sees on the interface, as it prints them
     * ({@code -e}: with the link-level header); fails when fewer come within 15 seconds.
     */
    public List<String> vrrpAdverts(String ifname, int count, boolean linkHeader) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tcpdump", "-n", "-l", "-c", Integer.toString(count), "-i", ifname));
        if (linkHeader) {
            cmd.add("-e");
        }
        cmd.addAll(List.of("ip", "proto", "112"));
        Process p = start(cmd.toArray(String[]::new));
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                throw new AssertionError("tcpdump in " + name + " saw fewer than " + count + " VRRP packets");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return out.lines().filter(line -> line.contains("VRRP")).toList();
        } finally {
            p.destroy();
        }
    }

    /** The interface's MAC address as ip prints it (aa:bb:cc:dd:ee:ff). */
    public String mac(String ifname) {
        String out = execOrThrow("ip", "link", "show", ifname).stdout();
        int at = out.indexOf("link/ether ") + "link/ether ".length();
        return out.substring(at, at + 17);
    }

    /** Runs Java code on this namespace's own thread and returns its result. */
    public <T> T call(Callable<T> task) throws Exception {
        try {
            return thread().submit(task).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } catch (TimeoutException e) {
            throw new IllegalStateException("task in namespace " + name + " did not finish in " + CALL_TIMEOUT, e);
        }
    }

    /** Java code that may throw, for {@link #run}. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    public void run(Action action) throws Exception {
        call(() -> {
            action.run();
            return null;
        });
    }

    private synchronized ExecutorService thread() throws Exception {
        if (closed) {
            throw new IllegalStateException("namespace " + name + " is closed");
        }
        if (thread == null) {
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "netns-" + name);
                t.setDaemon(true);
                return t;
            });
            try {
                executor.submit(() -> NativeNetns.enter(name)).get();
            } catch (ExecutionException e) {
                // The thread may still be in the caller's namespace: never hand it out.
                executor.shutdownNow();
                throw new IllegalStateException("cannot enter namespace " + name, e.getCause());
            }
            thread = executor;
        }
        return thread;
    }

    private List<String> withNetns(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return full;
    }

    /** Stops the processes and the thread, then deletes the namespace. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Process p : processes) {
            stop(p);
        }
        if (thread != null) {
            thread.shutdownNow();
        }
        CommandResult result = Commands.run("ip", "netns", "delete", name);
        if (!result.ok() && !result.stderr().contains("No such file")) {
            result.orThrow();
        }
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
