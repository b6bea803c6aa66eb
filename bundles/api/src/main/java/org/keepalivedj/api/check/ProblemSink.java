package org.keepalivedj.api.check;

import org.keepalivedj.api.config.Location;

/** Where binders report what is wrong with a block; they carry on after an error to find the next. */
public interface ProblemSink {
    void error(Location at, String message);

    void warning(Location at, String message);
}
