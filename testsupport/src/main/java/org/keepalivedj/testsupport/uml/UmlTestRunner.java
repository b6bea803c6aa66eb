package org.keepalivedj.testsupport.uml;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs test classes inside the guest and writes one line per test to a report file
 * ({@code PASS|FAIL|SKIP class#method: detail}), read back by {@link UmlGuest#runTests} on the host.
 * Exits 0 only when every test ran and passed.
 *
 * <p>Usage: {@code UmlTestRunner REPORT CLASS...}
 */
public final class UmlTestRunner {

    private UmlTestRunner() {}

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args[0]);
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (int i = 1; i < args.length; i++) {
            request.selectors(selectClass(Class.forName(args[i])));
        }
        List<String> lines = new ArrayList<>();
        boolean[] ok = {true};
        long[] started = {System.nanoTime()};
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier test) {
                if (test.isTest()) {
                    started[0] = System.nanoTime();
                    System.out.println("START " + test.getLegacyReportingName());
                    System.out.flush();
                }
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                lines.add("SKIP " + test.getLegacyReportingName() + ": " + reason);
                ok[0] = false;
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (!test.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    return;
                }
                String name = test.getUniqueId()
                        .replaceAll(".*class:([^\\]]+)\\]/\\[method:([^(]+).*", "$1#$2")
                        .replaceAll(".*class:([^\\]]+)\\].*", "$1");
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    lines.add("PASS " + name);
                    System.out.printf("PASS %s (%.1f s)%n", name, (System.nanoTime() - started[0]) / 1e9);
                } else {
                    ok[0] = false;
                    Throwable t = result.getThrowable().orElse(null);
                    lines.add("FAIL " + name + ": " + (t == null ? result.getStatus() : t));
                    System.out.println("FAIL " + name + ": " + (t == null ? result.getStatus() : t));
                    if (t != null) {
                        t.printStackTrace(System.out);
                    }
                }
            }
        };
        Launcher launcher = LauncherFactory.create();
        LauncherDiscoveryRequest discovery = request.build();
        launcher.execute(discovery, listener);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(report))) {
            lines.forEach(out::println);
        }
        System.exit(ok[0] && !lines.isEmpty() ? 0 : 1);
    }
}
