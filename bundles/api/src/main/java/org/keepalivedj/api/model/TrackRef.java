package org.keepalivedj.api.model;

/**
 * One line of a track_interface / track_script / track_file / track_process / track_bfd block.
 * weight is null when the line gave none (the tracked object's own weight applies, or for
 * interfaces: any failure faults the instance).
 */
public record TrackRef(Origin origin, String name, Integer weight, boolean reverse) {}
