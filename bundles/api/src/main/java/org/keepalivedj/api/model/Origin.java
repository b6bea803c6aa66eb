package org.keepalivedj.api.model;

import org.keepalivedj.api.config.Location;

/**
 * Where a model object was declared, for messages. Every Origin equals every other: a block that
 * moved to another line or file is the same object, so equality and diff ignore where it was written.
 */
public record Origin(Location location) {
    /** For objects no file declared (defaults). */
    public static final Origin NONE = new Origin(Location.builtin("default"));

    public static Origin at(Location location) {
        return new Origin(location);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Origin;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return String.valueOf(location);
    }
}
