package org.keepalivedj.testsupport.dumps;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads keepalived's dump files the way the tools that consume them do, written against what
 * keepalived 2.2.7 writes (its data file's "VRRP Topology" blocks, its stats file, its JSON array).
 * Anything it does not recognise where a VRRP line is expected is an error naming the line.
 */
public final class KeepalivedDumps {
    private KeepalivedDumps() {}

    /** One instance from the data file. */
    public record DataInstance(String name, Map<String, String> fields, List<String> vips) {
        public String state() {
            return fields.get("State");
        }

        public int field(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new IllegalArgumentException(name + " has no '" + key + "' line: " + fields.keySet());
            }
            return Integer.parseInt(v.trim());
        }
    }

    /** The data file's VRRP instances by name, with each instance's {@code Key = value} lines. */
    public static Map<String, DataInstance> data(String text) {
        String[] lines = text.split("\n");
        int i = 0;
        while (i < lines.length && !lines[i].equals("------< VRRP Topology >------")) {
            i++;
        }
        if (i == lines.length) {
            throw new IllegalArgumentException("no '------< VRRP Topology >------' section");
        }
        Map<String, DataInstance> instances = new LinkedHashMap<>();
        DataInstance current = null;
        for (i++; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("------<")) {
                break; // the next section (sockpool, interfaces...)
            }
            if (line.startsWith(" VRRP Instance = ")) {
                current = new DataInstance(
                        line.substring(" VRRP Instance = ".length()), new LinkedHashMap<>(), new ArrayList<>());
                instances.put(current.name(), current);
                continue;
            }
            if (current == null) {
                throw new IllegalArgumentException("line " + (i + 1) + " outside an instance: " + line);
            }
            if (line.startsWith("   Virtual IP (")) {
                int n = Integer.parseInt(line.substring("   Virtual IP (".length(), line.indexOf(')')));
                for (int k = 0; k < n; k++) {
                    String vip = lines[++i];
                    if (!vip.startsWith("     ")) {
                        throw new IllegalArgumentException("line " + (i + 1) + ": expected a virtual address: " + vip);
                    }
                    current.vips().add(vip.trim());
                }
                continue;
            }
            int eq = line.indexOf(" = ");
            if (line.startsWith("   ") && !line.startsWith("    ") && eq > 0) {
                current.fields().putIfAbsent(line.substring(3, eq), line.substring(eq + 3));
            }
            // other lines (flags, fd numbers, nested lists) are not needed by the tools we mimic
        }
        return instances;
    }

    /**
     * The stats file: instance name to counters keyed by their path, e.g. {@code Advertisements/Sent},
     * {@code Became master}, {@code Packet Errors/TTL}, {@code Priority Zero/Received}.
     */
    public static Map<String, Map<String, Long>> stats(String text) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        Map<String, Long> current = null;
        String group = null;
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("VRRP Instance: ")) {
                current = new LinkedHashMap<>();
                out.put(line.substring("VRRP Instance: ".length()), current);
                group = null;
                continue;
            }
            if (current == null || !line.startsWith("  ")) {
                throw new IllegalArgumentException("stats line " + n + " outside an instance: " + line);
            }
            boolean nested = line.startsWith("    ");
            String body = line.trim();
            if (body.endsWith(":")) {
                group = body.substring(0, body.length() - 1);
                continue;
            }
            int colon = body.lastIndexOf(": ");
            if (colon < 0) {
                throw new IllegalArgumentException("stats line " + n + " is not 'Label: number': " + line);
            }
            String key = nested ? group + "/" + body.substring(0, colon) : body.substring(0, colon);
            current.put(key, Long.parseLong(body.substring(colon + 2)));
        }
        return out;
    }

    /** One instance of the JSON file: its "data" and "stats" objects. */
    public record JsonInstance(Map<String, Object> data, Map<String, Object> stats) {
        public String name() {
            return (String) data.get("iname");
        }

        public int state() {
            return number(data, "state").intValueExact();
        }

        public long stat(String key) {
            return number(stats, key).longValueExact();
        }

        @SuppressWarnings("unchecked")
        public List<String> vips() {
            return (List<String>) data.get("vips");
        }

        private static BigDecimal number(Map<String, Object> m, String key) {
            Object v = m.get(key);
            if (!(v instanceof BigDecimal b)) {
                throw new IllegalArgumentException(key + " is not a number: " + v);
            }
            return b;
        }
    }

    /** keepalived's JSON file: a top-level array of {"data":{...},"stats":{...}} objects. */
    @SuppressWarnings("unchecked")
    public static Map<String, JsonInstance> json(String text) {
        Object root = MiniJson.parse(text);
        if (!(root instanceof List<?> list)) {
            throw new IllegalArgumentException("keepalived's JSON dump is an array, not " + text);
        }
        Map<String, JsonInstance> out = new LinkedHashMap<>();
        for (Object o : list) {
            Map<String, Object> m = (Map<String, Object>) o;
            JsonInstance ji =
                    new JsonInstance((Map<String, Object>) m.get("data"), (Map<String, Object>) m.get("stats"));
            if (ji.data() == null || ji.stats() == null) {
                throw new IllegalArgumentException("an instance without data and stats: " + m);
            }
            out.put(ji.name(), ji);
        }
        return out;
    }
}
