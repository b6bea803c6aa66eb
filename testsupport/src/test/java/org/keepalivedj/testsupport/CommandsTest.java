package org.keepalivedj.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandsTest {

    @Test
    void collectsOutputAndExitCode() {
        CommandResult r = Commands.run("sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertFalse(r.ok());
        IllegalStateException e = assertThrows(IllegalStateException.class, r::orThrow);
        assertTrue(e.getMessage().contains("exited 3") && e.getMessage().contains("err"), e.getMessage());
    }

    @Test
    void killsCommandsThatOverrunTheTimeout() {
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> Commands.run(Duration.ofMillis(200), List.of("sleep", "10")));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "did not wait for sleep to end");
    }

    @Test
    void rootCheckAgreesWithId() {
        String uid = Commands.run("id", "-u").orThrow().stdout().strip();
        assertEquals(uid.equals("0"), RequiresRootCondition.isRoot());
        assertEquals(
                uid.equals("0") && RequiresRootCondition.findOnPath("ip").isPresent(),
                RequiresRootCondition.missingPrerequisite().isEmpty());
    }

    @Test
    void skipReasonsAreClear() {
        assertTrue(RequiresRootCondition.missingPrerequisite(false, true)
                .orElseThrow()
                .contains("needs root"));
        assertTrue(RequiresRootCondition.missingPrerequisite(true, false)
                .orElseThrow()
                .contains("iproute2"));
        assertTrue(RequiresRootCondition.missingPrerequisite(true, true).isEmpty());
    }
}
