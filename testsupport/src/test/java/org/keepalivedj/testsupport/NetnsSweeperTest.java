package org.keepalivedj.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

@RequiresRoot
class NetnsSweeperTest {

    @Test
    void removesOnlyNamespacesOfDeadProcesses() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        String dead = NetLab.PREFIX + finished.pid() + "-zzzz-a";
        String live = NetLab.PREFIX + ProcessHandle.current().pid() + "-zzzz-a";
        Commands.run("ip", "netns", "add", dead).orThrow();
        Commands.run("ip", "netns", "add", live).orThrow();
        try {
            List<String> removed = NetnsSweeper.sweep();
            assertTrue(removed.contains(dead), "dead run's namespace swept: " + removed);
            assertFalse(removed.contains(live), "a live run's namespace is kept");
            String now = Commands.run("ip", "netns", "list").stdout();
            assertFalse(now.contains(dead));
            assertTrue(now.contains(live));
        } finally {
            Commands.run("ip", "netns", "delete", dead);
            Commands.run("ip", "netns", "delete", live);
        }
    }
}
