package org.keepalivedj.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ending a test's daemon together with every process it forked: a graceful stop (SIGTERM, as an
 * operator stops it) or a crash (SIGKILL).
 */
public final class ProcessTree {

    private ProcessTree() {}

    /** SIGTERM to the process and its descendants; waits until the process and all of them are gone. */
    public static void stop(Process process) throws Exception {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor();
        for (ProcessHandle h : descendants) {
            h.onExit().get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * SIGKILL to the process first (so it cannot start a new child for one killed before it), its
     * descendants, and every process whose command line contains {@code marker} (a child forked at
     * the last moment is no longer a descendant once its parent is gone); waits until all are gone.
     */
    public static void kill(Process process, String marker) throws Exception {
        List<ProcessHandle> all = new ArrayList<>(List.of(process.toHandle()));
        all.addAll(process.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(h -> {
                    h.destroyForcibly();
                    all.add(h);
                });
        for (ProcessHandle h : all) {
            h.onExit().get(5, TimeUnit.SECONDS);
        }
    }
}
