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
     * SIGKILL to the process and its descendants, so that none of them says goodbye: the process is
     * stopped (SIGSTOP) first, so that it cannot start a new child for one killed before it, and its
     * children are killed before it, so that its death signals them nothing (keepalived's children
     * get SIGTERM when their parent dies, and a VRRP child then sends priority 0). Then every process
     * whose command line contains {@code marker} (a child forked at the last moment) is killed too;
     * waits until all are gone.
     */
    public static void kill(Process process, String marker) throws Exception {
        Commands.run("kill", "-STOP", Long.toString(process.pid()));
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
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
