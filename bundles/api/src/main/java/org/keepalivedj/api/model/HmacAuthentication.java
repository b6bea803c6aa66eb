package org.keepalivedj.api.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * auth_hmac { key ID VALUE; active_key ID; anti_replay time|monotonic; time_window SECS; mode ... }:
 * adverts signed with an HMAC-SHA256 trailer (keepalived 2.4). Keys are resolved at load (hex:,
 * ASCII or file:), 32 to 64 bytes each, by key id 1-255.
 *
 * @param activeKey  the key id that signs what we send
 * @param timeWindow the freshness window of anti_replay time (its default already applied)
 */
public record HmacAuthentication(
        Origin origin,
        Map<Integer, byte[]> keys,
        int activeKey,
        AntiReplay antiReplay,
        Duration timeWindow,
        Mode mode) {

    public enum AntiReplay {
        /** The sequence must be fresh (within the window of our clock) and grow per sender. */
        TIME,
        /** The sequence must only grow per sender. */
        MONOTONIC
    }

    public enum Mode {
        /** Sign, and drop adverts without a valid trailer. */
        ENFORCE,
        /** Sign, and also accept adverts without a trailer (a signed one must still verify). */
        PERMISSIVE,
        /** Do not sign; accept adverts without a trailer, verify those with one. */
        RECEIVE_ONLY
    }

    public HmacAuthentication {
        TreeMap<Integer, byte[]> copy = new TreeMap<>();
        keys.forEach((id, key) -> copy.put(id, key.clone()));
        keys = java.util.Collections.unmodifiableMap(copy);
    }

    /** The key with this id (a copy), or null. */
    public byte[] key(int id) {
        byte[] k = keys.get(id);
        return k == null ? null : k.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HmacAuthentication h)
                || h.activeKey != activeKey
                || h.antiReplay != antiReplay
                || !h.timeWindow.equals(timeWindow)
                || h.mode != mode
                || !h.keys.keySet().equals(keys.keySet())) {
            return false;
        }
        return keys.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), h.keys.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(activeKey, antiReplay, timeWindow, mode, keys.keySet());
    }

    /** Without the keys: a record's own toString would put them into any log line that prints the model. */
    @Override
    public String toString() {
        return "HmacAuthentication[origin=" + origin + ", keyIds=" + keys.keySet() + ", activeKey=" + activeKey
                + ", antiReplay=" + antiReplay + ", timeWindow=" + timeWindow + ", mode=" + mode + "]";
    }
}
