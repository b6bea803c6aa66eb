package org.keepalivedj.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keywords a block accepted that the engines do not act on (yet): kept verbatim, keyword to its
 * argument text ("" for a bare flag), so dump and diff still see them. Equality ignores order.
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
