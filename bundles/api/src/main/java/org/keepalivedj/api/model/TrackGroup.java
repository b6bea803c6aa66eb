package org.keepalivedj.api.model;

import java.util.List;

/** track_group NAME { group { VI_1 VI_2 } }: static addresses/routes/rules follow these instances. */
public record TrackGroup(Origin origin, String name, List<String> instances) {
    public TrackGroup {
        instances = List.copyOf(instances);
    }
}
