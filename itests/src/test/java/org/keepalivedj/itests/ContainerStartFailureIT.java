package org.keepalivedj.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;
import org.junit.runner.RunWith;
import org.junit.runner.notification.Failure;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A distribution whose boot features cannot install fails its Pax Exam class at once, with the
 * container's log, and leaves no container JVM behind (Pax Exam alone waits three minutes and says
 * only "Container never came up").
 */
public class ContainerStartFailureIT {
    /** Pax Exam's default wait for a container; a fast failure is well inside it. */
    private static final long PAX_EXAM_WAIT_MILLIS = 180_000;

    @Test
    public void aContainerThatCannotBootFailsFastWithItsLog() {
        long started = System.nanoTime();
        Result result = new JUnitCore().run(BrokenBoot.class);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        List<Failure> failures = result.getFailures();
        assertEquals("tests run: " + failures, 0, result.getRunCount());
        assertEquals(failures.toString(), 1, failures.size());
        String message = failures.get(0).getMessage();
        assertTrue(message, message.contains("the distribution's container did not start"));
        assertTrue("names what failed: " + message, message.contains("no-such-bundle"));
        assertTrue(
                "carries the container's log: " + message,
                message.contains(" lines of ") && message.contains("keepalived.log"));
        assertTrue("failed after " + tookMillis + " ms", tookMillis < PAX_EXAM_WAIT_MILLIS / 2);
        List<String> left = ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?"))
                .filter(c -> c.contains("karaf"))
                .collect(Collectors.toList());
        assertFalse("no container JVM left: " + left, left.stream().findAny().isPresent());
    }

    /** The distribution with one boot feature more, whose bundle exists nowhere. */
    @RunWith(DistributionExam.class)
    @ExamReactorStrategy(PerClass.class)
    public static class BrokenBoot {
        @Configuration
        public Option[] config() throws IOException {
            Path repository = Files.createTempFile(Path.of("target"), "broken-features", ".xml");
            Files.writeString(
                    repository,
                    String.join(
                            "\n",
                            "<features name=\"broken\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">",
                            "  <feature name=\"no-such-feature\" version=\"1.0.0\">",
                            "    <bundle>mvn:org.keepalivedj.itests/no-such-bundle/1.0.0</bundle>",
                            "  </feature>",
                            "</features>",
                            ""));
            return DistributionOptions.base(features(repository.toUri().toString(), "no-such-feature"));
        }

        @Test
        public void neverRuns() {
            throw new AssertionError("the container was expected not to start");
        }
    }
}
