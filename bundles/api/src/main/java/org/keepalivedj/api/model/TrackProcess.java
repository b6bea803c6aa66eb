package org.keepalivedj.api.model;

import java.time.Duration;
import java.util.List;

/** vrrp_track_process NAME { ... }: a process whose number of instances is tracked. */
public record TrackProcess(
        Origin origin,
        String name,
        String process,
        List<String> parameters,
        String paramMatch,
        int weight,
        boolean reverse,
        int quorum,
        int quorumMax,
        Duration delay,
        Duration terminateDelay,
        Duration forkDelay,
        boolean fullCommand) {
    public TrackProcess {
        parameters = List.copyOf(parameters);
    }
}
