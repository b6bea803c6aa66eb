package org.keepalivedj.config.syntax;

/** Thrown inside the reader to stop early (too many errors); never leaves {@link ConfigReader}. */
final class ReadAborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReadAborted() {
        super(null, null, false, false);
    }
}
