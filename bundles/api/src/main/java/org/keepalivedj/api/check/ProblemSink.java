package org.keepalivedj.api.check;

import org.keepalivedj.api.config.Location;

/** Where binders report what is wrong with a block; they carry on after an error to find the next. */
public interface ProblemSink {
    void error(Location at, String message);

    void warning(Location at, String message);

    /**
     * A warning about a limit of keepalived-j that keepalived itself would not give (a keyword that
     * has no effect here): shown as a warning, but it does not change {@code -t}'s verdict.
     */
    default void advisory(Location at, String message) {
        warning(at, message);
    }
}
