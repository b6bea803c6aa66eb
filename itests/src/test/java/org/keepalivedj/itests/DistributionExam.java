package org.keepalivedj.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.runner.Description;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * Pax Exam's runner, made to fail fast and say why when the distribution's container does not start.
 *
 * <p>Pax Exam waits for the container's remote bundle context in a loop that nothing can cancel,
 * for its whole system timeout (three minutes), and then reports only "Container never came up",
 * leaves the container's JVM running and deletes its log. This runner watches the container it
 * starts: when the container's log shows that its boot features failed to install, or its JVM
 * exits, before the first test begins, it stops waiting, kills the container and fails the class
 * with the end of the container's log. Any other failure before the first test also carries that
 * log tail.
 */
public class DistributionExam extends PaxExam {
    private static final Path EXAM_FOLDER = Path.of("target/exam");
    private static final int TAIL_LINES = 40;
    private static final long POLL_MILLIS = 200;

    private final Class<?> testClass;

    public DistributionExam(Class<?> testClass) throws InitializationError {
        super(testClass);
        this.testClass = testClass;
    }

    @Override
    public void run(RunNotifier notifier) {
        Optional<String> missing = DistributionOptions.missingPreconditions();
        if (missing.isPresent()) {
            notifier.fireTestFailure(new Failure(getDescription(), new AssertionError(missing.get())));
            return;
        }
        Watch watch = new Watch(folders(), Thread.currentThread());
        RunNotifier forward = new RunNotifier();
        forward.addListener(new Forwarder(notifier, watch));
        Thread watcher = new Thread(watch, "container watch " + testClass.getSimpleName());
        watcher.setDaemon(true);
        watcher.start();
        try {
            super.run(forward);
        } catch (ThreadDeath | RuntimeException e) {
            // thrown past JUnit: the stopped wait, or Pax Exam's stop() of a container that never came up
            forward.fireTestFailure(new Failure(getDescription(), e));
        } finally {
            watch.done.set(true);
            watcher.interrupt();
            watch.killContainer();
        }
    }

    /** Passes the run's events on; a failure before the first test gets the container's log tail. */
    private static final class Forwarder extends RunListener {
        private final RunNotifier to;
        private final Watch watch;
        private boolean abortReported;

        Forwarder(RunNotifier to, Watch watch) {
            this.to = to;
            this.watch = watch;
        }

        @Override
        public void testSuiteStarted(Description description) {
            to.fireTestSuiteStarted(description);
        }

        @Override
        public void testSuiteFinished(Description description) {
            to.fireTestSuiteFinished(description);
        }

        @Override
        public void testStarted(Description description) {
            watch.containerUp.set(true);
            to.fireTestStarted(description);
        }

        @Override
        public void testFinished(Description description) {
            to.fireTestFinished(description);
        }

        @Override
        public void testFailure(Failure failure) {
            if (watch.containerUp.get()) {
                to.fireTestFailure(failure);
            } else if (watch.reason != null) {
                // the stopped wait, then Pax Exam's own "never came up": one failure says it all
                if (!abortReported) {
                    abortReported = true;
                    to.fireTestFailure(new Failure(failure.getDescription(), watch.failure()));
                }
            } else {
                to.fireTestFailure(new Failure(
                        failure.getDescription(),
                        new AssertionError(failure.getMessage() + "\n" + watch.tail(), failure.getException())));
            }
        }

        @Override
        public void testAssumptionFailure(Failure failure) {
            to.fireTestAssumptionFailed(failure);
        }

        @Override
        public void testIgnored(Description description) {
            to.fireTestIgnored(description);
        }
    }

    private static Set<Path> folders() {
        if (!Files.isDirectory(EXAM_FOLDER)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(EXAM_FOLDER)) {
            return s.collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Follows the one container this run unpacks, keeping its log's last lines in memory. */
    private static final class Watch implements Runnable {
        final AtomicBoolean containerUp = new AtomicBoolean();
        final AtomicBoolean done = new AtomicBoolean();
        private final Set<Path> foldersBefore;
        private final Thread runnerThread;
        private final Deque<String> lastLines = new ArrayDeque<>();
        private volatile String reason;
        private volatile Path folder;
        private volatile Path log;
        private volatile ProcessHandle container;

        Watch(Set<Path> foldersBefore, Thread runnerThread) {
            this.foldersBefore = new HashSet<>(foldersBefore);
            this.runnerThread = runnerThread;
        }

        @Override
        public void run() {
            while (!done.get() && !containerUp.get()) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                String fatal = look();
                if (fatal != null && !containerUp.get() && !done.get()) {
                    reason = fatal;
                    letTheLogSettle();
                    killContainer();
                    abortRunner();
                    return;
                }
            }
        }

        /** One look at the container: its folder, log and process. Returns why it failed, if it did. */
        private String look() {
            if (folder == null) {
                folder = folders().stream()
                        .filter(f -> !foldersBefore.contains(f))
                        .findFirst()
                        .orElse(null);
                if (folder == null) {
                    return null;
                }
            }
            if (log == null) {
                log = find(folder, "keepalived.log");
            }
            String fatal = null;
            if (log != null) {
                fatal = readTail();
            }
            ProcessHandle seen = container;
            if (seen == null) {
                String marker = folder.toAbsolutePath().toString();
                container = ProcessHandle.current()
                        .descendants()
                        .filter(p -> p.info()
                                .commandLine()
                                .map(c -> c.contains(marker))
                                .orElse(false))
                        .findFirst()
                        .orElse(null);
            } else if (!seen.isAlive() && fatal == null) {
                readTail();
                fatal = "its JVM exited";
            }
            return fatal;
        }

        /**
         * Re-reads the log and keeps its end: from the first boot-feature error on when there is one
         * (the stack trace after it says what failed), else the last lines. Returns that error.
         */
        private String readTail() {
            List<String> lines;
            try {
                lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null; // rolled or deleted between two looks: the next look reads it again
            }
            int fatal = -1;
            for (int i = 0; i < lines.size() && fatal < 0; i++) {
                if (lines.get(i).contains("ERROR") && lines.get(i).contains("BootFeaturesInstaller")) {
                    fatal = i;
                }
            }
            int from = fatal >= 0 ? fatal : Math.max(0, lines.size() - TAIL_LINES);
            synchronized (lastLines) {
                lastLines.clear();
                lines.subList(from, Math.min(lines.size(), from + 2 * TAIL_LINES))
                        .forEach(lastLines::add);
            }
            return fatal < 0
                    ? null
                    : "its boot features did not install: " + lines.get(fatal).trim();
        }

        /** The error's stack trace is written after its first line: read until the log stops growing. */
        private void letTheLogSettle() {
            long size = -1;
            for (int i = 0; i < 25; i++) {
                long now = log.toFile().length();
                if (now == size) {
                    break;
                }
                size = now;
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            readTail();
        }

        AssertionError failure() {
            return new AssertionError("the distribution's container did not start: " + reason + "\n" + tail());
        }

        String tail() {
            synchronized (lastLines) {
                if (log == null) {
                    return "(the container wrote no log"
                            + (folder == null ? "; it was never unpacked)" : " under " + folder + ")");
                }
                return "--- " + lastLines.size() + " lines of " + log + " ---\n" + String.join("\n", lastLines);
            }
        }

        void killContainer() {
            ProcessHandle p = container;
            if (p != null && p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    System.err.println("container JVM " + p.pid() + " did not exit after SIGKILL: " + e);
                }
            }
        }

        /**
         * Pax Exam's wait for the container is a loop with no cancel and no interrupt check; the only
         * way out before its timeout is to stop the thread (possible up to Java 19). Where that is not
         * allowed, the timeout runs out and the failure still carries the log tail.
         */
        @SuppressWarnings({"deprecation", "removal"})
        private void abortRunner() {
            System.err.println(failure().getMessage());
            try {
                runnerThread.stop();
            } catch (UnsupportedOperationException notOnThisJava) {
                // the log tail above is the reason; Pax Exam reports after its timeout
            }
        }

        private static Path find(Path root, String name) {
            try (Stream<Path> s = Files.find(
                    root,
                    5,
                    (p, a) -> p.getFileName().toString().equals(name)
                            && p.getParent() != null
                            && p.getParent().getFileName().toString().equals("log"))) {
                return s.findFirst().orElse(null);
            } catch (IOException | UncheckedIOException e) {
                return null;
            }
        }
    }
}
