package org.keepalivedj.metrics.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, written for the tests: it rejects what
 * Prometheus would reject and what it would merely tolerate (a family split in two, a sample before
 * its TYPE, a duplicate series, a negative counter, a missing final newline).
 */
final class StrictExpositionParser {

    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> types = new HashMap<>();

    static StrictExpositionParser parse(String text) {
        StrictExpositionParser p = new StrictExpositionParser();
        p.read(text);
        return p;
    }

    private void read(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition must end with a line feed");
        }
        Set<String> finished = new HashSet<>();
        Set<String> helped = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty() && lineNo == text.split("\n", -1).length) {
                break;
            }
            String where = "line " + lineNo + ": " + line;
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                if (!helped.add(m.group(1))) {
                    throw new IllegalArgumentException("second HELP, " + where);
                }
                current = enter(m.group(1), current, finished, where);
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw new IllegalArgumentException("second TYPE, " + where);
                }
                current = enter(m.group(1), current, finished, where);
            } else if (line.startsWith("#")) {
                throw new IllegalArgumentException("unexpected comment, " + where);
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                String family = familyOf(name);
                if (!family.equals(current) || !types.containsKey(family)) {
                    throw new IllegalArgumentException("sample outside its family's TYPE block, " + where);
                }
                Map<String, String> labels = labels(m.group(3), where);
                double value = value(m.group(4), where);
                if ("counter".equals(types.get(family)) && (value < 0 || Double.isNaN(value))) {
                    throw new IllegalArgumentException("counter below zero, " + where);
                }
                if (!series.add(name + labels)) {
                    throw new IllegalArgumentException("duplicate series, " + where);
                }
                samples.add(new Sample(name, labels, value));
            } else {
                throw new IllegalArgumentException("not a sample, " + where);
            }
        }
    }

    /** Families are contiguous: once left, a family may not come back. */
    private static String enter(String family, String current, Set<String> finished, String where) {
        if (family.equals(current)) {
            return current;
        }
        if (current != null) {
            finished.add(current);
        }
        if (finished.contains(family)) {
            throw new IllegalArgumentException("family split in two, " + where);
        }
        return family;
    }

    /** jvm_gc_collection_seconds_count is declared on its own here, so a name is its own family. */
    private String familyOf(String name) {
        return name;
    }

    private static Map<String, String> labels(String body, String where) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (body == null) {
            return labels;
        }
        Matcher m = LABEL.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("bad label at " + at + ", " + where);
            }
            String value = unescape(m.group(2));
            if (labels.put(m.group(1), value) != null) {
                throw new IllegalArgumentException("repeated label " + m.group(1) + ", " + where);
            }
            at = m.end();
            if (at < body.length()) {
                if (body.charAt(at) != ',') {
                    throw new IllegalArgumentException("labels not separated by a comma, " + where);
                }
                at++;
            }
        }
        return labels;
    }

    private static String unescape(String v) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                char next = v.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static double value(String v, String where) {
        switch (v) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad value, " + where);
                }
        }
    }

    /** The one value of a series, failing when absent. */
    double value(String name, String... labels) {
        Map<String, String> want = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(want))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no series " + name + want + " among " + samples.size() + " samples"))
                .value();
    }

    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }
}
