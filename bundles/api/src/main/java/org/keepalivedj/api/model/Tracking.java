package org.keepalivedj.api.model;

import java.util.List;

/** What a VRRP instance or sync group tracks. */
public record Tracking(
        List<TrackRef> interfaces,
        List<TrackRef> scripts,
        List<TrackRef> files,
        List<TrackRef> processes,
        List<TrackRef> bfds) {
    public static final Tracking NONE = new Tracking(List.of(), List.of(), List.of(), List.of(), List.of());

    public Tracking {
        interfaces = List.copyOf(interfaces);
        scripts = List.copyOf(scripts);
        files = List.copyOf(files);
        processes = List.copyOf(processes);
        bfds = List.copyOf(bfds);
    }
}
