package org.keepalivedj.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keywords a block accepted that have no typed field in the model: kept verbatim, keyword to its
 * argument text ("" for a bare flag), so dump and diff still see them. A few are read by the engines
 * (flags through {@link #flag}); keywords.table in the config bundle says which have an effect.
 * Equality ignores order.
 */
public final class Settings {
    public static final Settings EMPTY = new Settings(Map.of());

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    public static Settings of(Map<String, String> values) {
        return values.isEmpty() ? EMPTY : new Settings(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /** In the order they were written. */
    public Map<String, String> asMap() {
        return values;
    }

    public boolean has(String keyword) {
        return values.containsKey(keyword);
    }

    public String get(String keyword) {
        return values.get(keyword);
    }

    /**
     * A flag keyword's value: null when absent; true for the bare keyword or true, yes, on, 1; false
     * for false, no, off, 0 (any case). The config bundle has already rejected other values.
     */
    public Boolean flag(String keyword) {
        String v = values.get(keyword);
        if (v == null) {
            return null;
        }
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "false", "no", "off", "0" -> Boolean.FALSE;
            default -> Boolean.TRUE;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
