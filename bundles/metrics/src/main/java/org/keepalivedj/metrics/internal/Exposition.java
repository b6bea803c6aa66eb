package org.keepalivedj.metrics.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds a Prometheus text exposition (format 0.0.4): each metric family once, with its HELP and
 * TYPE lines followed by all its samples, whatever order samples are added in.
 */
final class Exposition {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    enum Type {
        GAUGE,
        COUNTER
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private record Family(String help, Type type, StringBuilder samples) {}

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Declares a family; must come before its samples. Counters' names end in _total by convention. */
    Exposition family(String name, Type type, String help) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name: " + name);
        }
        families.putIfAbsent(name, new Family(help, type, new StringBuilder()));
        return this;
    }

    /** Declares a family of one sample without labels and adds that sample. */
    Exposition single(String name, Type type, String help, double value) {
        return family(name, type, help).sample(name, value);
    }

    /** Adds one sample; labels alternate name and value: {@code "instance", "VI_1", "state", "MASTER"}. */
    Exposition sample(String name, double value, String... labels) {
        Family family = families.get(name);
        if (family == null) {
            throw new IllegalStateException("undeclared metric family: " + name);
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs: " + List.of(labels));
        }
        StringBuilder out = family.samples().append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (!LABEL.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                    throw new IllegalArgumentException("bad label name: " + labels[i]);
                }
                out.append(i == 0 ? "" : ",")
                        .append(labels[i])
                        .append("=\"")
                        .append(escape(labels[i + 1]))
                        .append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder(4096);
        families.forEach((name, f) -> {
            out.append("# HELP ")
                    .append(name)
                    .append(' ')
                    .append(escapeHelp(f.help()))
                    .append('\n');
            out.append("# TYPE ")
                    .append(name)
                    .append(' ')
                    .append(f.type().name().toLowerCase())
                    .append('\n');
            out.append(f.samples());
        });
        return out.toString();
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Label values escape backslash, double quote and line feed. */
    static String escape(String v) {
        return (v == null ? "" : v).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** HELP text escapes backslash and line feed only. */
    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
