package org.keepalivedj.config.checkers;

import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.model.Origin;

/** TCP_CHECK and PING_CHECK: only the common settings. */
public record SimpleCheckSpec(String kind, Origin origin, CheckerSettings settings) implements CheckerSpec {}
