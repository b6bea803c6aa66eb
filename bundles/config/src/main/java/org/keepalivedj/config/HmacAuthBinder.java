package org.keepalivedj.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.HmacAuthentication;
import org.keepalivedj.api.model.HmacAuthentication.AntiReplay;
import org.keepalivedj.api.model.HmacAuthentication.Mode;
import org.keepalivedj.api.model.Origin;

/**
 * auth_hmac { key ID VALUE ... } of a vrrp_instance (keepalived 2.4): the keys are read here, at
 * load, so a missing key file or a short key is a config error, never a failure when applying.
 */
final class HmacAuthBinder {
    static final int MIN_KEY = 32;
    static final int MAX_KEY = 64;

    private HmacAuthBinder() {}

    /** The block's settings, or null when absent or unusable (each problem reported at its line). */
    static HmacAuthentication bind(ConfigNode block, Duration advertInterval, boolean strict, ProblemSink sink) {
        if (block == null) {
            return null;
        }
        BlockReader r = BlockReader.of(block, KeywordTable.standard().section("auth_hmac"), sink);
        Map<Integer, byte[]> keys = new TreeMap<>();
        boolean bad = false;
        for (ConfigNode n : r.all("key")) {
            byte[] key = key(n, sink);
            if (key == null) {
                bad = true;
            } else if (keys.put(Integer.parseInt(n.args().get(0).text()), key) != null) {
                sink.warning(
                        n.location(), "auth_hmac key " + n.args().get(0).text() + " given twice, the last is used");
            }
        }
        Integer active = r.integerOrNull("active_key");
        if (active == null) {
            sink.error(block.location(), "auth_hmac has no active_key");
            return null;
        }
        if (!keys.containsKey(active) && !bad) {
            sink.error(r.node("active_key").location(), "auth_hmac active_key " + active + " names no key");
            return null;
        }
        AntiReplay antiReplay =
                AntiReplay.valueOf(r.choice("anti_replay", "time").toUpperCase(Locale.ROOT));
        // default max(3 x advert_int, 5) seconds
        long defaultWindow = Math.max(5, (advertInterval.toMillis() * 3 + 999) / 1000);
        Duration window = Duration.ofSeconds(r.integer("time_window", (int) defaultWindow));
        Mode mode = Mode.valueOf(
                r.choice("mode", "enforce").toUpperCase(Locale.ROOT).replace('-', '_'));
        if (strict && mode != Mode.ENFORCE) {
            sink.error(r.node("mode").location(), "strict mode needs auth_hmac mode enforce");
            return null;
        }
        return bad ? null : new HmacAuthentication(Origin.at(block.location()), keys, active, antiReplay, window, mode);
    }

    /** key ID VALUE: VALUE is hex:BYTES, file:PATH (holding either form) or the key as ASCII text. */
    private static byte[] key(ConfigNode n, ProblemSink sink) {
        if (n.args().size() != 2) {
            sink.error(n.location(), "auth_hmac key needs a key id and a value: key ID hex:...|file:PATH|TEXT");
            return null;
        }
        String id = n.args().get(0).text();
        Long parsed = id.matches("[0-9]{1,3}") ? Long.valueOf(id) : null;
        if (parsed == null || parsed < 1 || parsed > 255) {
            sink.error(n.location(), "auth_hmac key id " + id + " out of range 1-255");
            return null;
        }
        Token value = n.args().get(1);
        String text = value.text();
        if (text.startsWith("file:")) {
            Path file = Path.of(text.substring(5));
            try {
                text = Files.readString(file, StandardCharsets.UTF_8).strip();
                warnIfShared(file, n, sink);
            } catch (IOException | RuntimeException e) {
                sink.error(n.location(), "auth_hmac key " + id + ": cannot read " + file + ": " + e.getMessage());
                return null;
            }
        }
        byte[] key;
        if (text.startsWith("hex:")) {
            try {
                key = HexFormat.of().parseHex(text.substring(4));
            } catch (IllegalArgumentException e) {
                sink.error(n.location(), "auth_hmac key " + id + ": hex: value is not an even number of hex digits");
                return null;
            }
        } else {
            key = text.getBytes(StandardCharsets.US_ASCII);
        }
        if (key.length < MIN_KEY || key.length > MAX_KEY) {
            sink.error(
                    n.location(),
                    "auth_hmac key " + id + " is " + key.length + " bytes, it must be " + MIN_KEY + " to " + MAX_KEY);
            return null;
        }
        return key;
    }

    private static void warnIfShared(Path file, ConfigNode n, ProblemSink sink) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                sink.warning(n.location(), "auth_hmac key file " + file + " is readable by group or others");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the key was read; its permissions are advice only
        }
    }
}
