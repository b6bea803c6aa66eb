package org.keepalivedj.alerts.internal;

import java.time.Instant;

/** One alert: when it happened (its Date header), its Subject and its body text. */
record Mail(Instant at, String subject, String body) {}
