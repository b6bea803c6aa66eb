package org.keepalivedj.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable maps that keep declaration order (Map.copyOf does not); equality ignores the order. */
public final class NamedMaps {
    private NamedMaps() {}

    public static <K, V> Map<K, V> copyOf(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
