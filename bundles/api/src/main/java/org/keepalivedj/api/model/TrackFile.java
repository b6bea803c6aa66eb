package org.keepalivedj.api.model;

/**
 * track_file NAME { ... } (vrrp_track_file is its old spelling): a file holding a number that is
 * multiplied by weight. initValue is null unless init_file was given.
 */
public record TrackFile(
        Origin origin,
        String name,
        String file,
        int weight,
        boolean reverse,
        Integer initValue,
        boolean initOverwrite) {}
