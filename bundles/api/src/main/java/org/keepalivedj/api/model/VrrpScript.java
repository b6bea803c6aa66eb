package org.keepalivedj.api.model;

import java.time.Duration;

/**
 * vrrp_script NAME { ... }: a command run every interval whose exit status is tracked. script is
 * null when the block gave none (a warning; keepalived ignores such a script, so should the engine).
 */
public record VrrpScript(
        Origin origin,
        String name,
        String script,
        Duration interval,
        Duration timeout,
        int weight,
        boolean reverse,
        int rise,
        int fall,
        String user,
        String group,
        boolean initFail) {}
