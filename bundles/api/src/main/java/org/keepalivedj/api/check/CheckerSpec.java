package org.keepalivedj.api.check;

import org.keepalivedj.api.model.Origin;

/**
 * A bound checker block: what the factory that owns the keyword understood of it. Implementations
 * are records (value equality, Origin ignored) carrying the common settings plus their own data.
 */
public interface CheckerSpec {
    /** The block keyword, e.g. TCP_CHECK. */
    String kind();

    Origin origin();

    CheckerSettings settings();
}
