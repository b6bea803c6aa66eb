package org.keepalivedj.api.model;

/**
 * An {@code smtp_alert} keyword (global, {@code smtp_alert_vrrp}, {@code smtp_alert_checker}, or
 * an object's own) as written: absent, on, or off. Absent matters: keepalived then falls back to
 * the next default (object, then the kind's global default, then global {@code smtp_alert}, then
 * the object kind's built-in default), while an explicit off stops the fall-back.
 */
public enum SmtpAlert {
    UNSET,
    ON,
    OFF;

    /** null (keyword absent) is UNSET. */
    public static SmtpAlert of(Boolean value) {
        return value == null ? UNSET : value ? ON : OFF;
    }

    public boolean isSet() {
        return this != UNSET;
    }

    /** This setting when given, else the fallback. */
    public SmtpAlert or(SmtpAlert fallback) {
        return isSet() ? this : fallback;
    }

    /** Whether alerts are on, with whenUnset deciding when nothing was given. */
    public boolean enabled(boolean whenUnset) {
        return isSet() ? this == ON : whenUnset;
    }
}
