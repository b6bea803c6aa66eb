package org.keepalivedj.config.syntax;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Parses the head of a repeated line: {@code ~SEQ(var, start, step, end)} (step and start may be
 * left out), {@code ~SEQx(...)} (values in hexadecimal), and {@code ~LST(var, v1, v2, ...)} or
 * {@code ~LST({a, b}, {1, 2}, {3, 4})}. The rest of the line is then processed once per row of
 * values, with the variables defined as parameters.
 */
final class LineRepeater {
    /** A longer sequence is refused: it is surely a typo, and would exhaust memory. */
    static final long MAX_VALUES = 1_000_000;

    /** The variables, one row of values per repetition, and where the repeated text starts. */
    record Head(List<String> variables, List<List<String>> rows, int restStart) {}

    private LineRepeater() {}

    /** {@code ~SEQ}, {@code ~SEQx} or {@code ~LST}, then optional blanks and '('. */
    static boolean startsRepeater(String text) {
        int i = text.startsWith("~SEQx") ? 5 : text.startsWith("~SEQ") || text.startsWith("~LST") ? 4 : -1;
        if (i < 0) {
            return false;
        }
        while (i < text.length() && Chars.isBlank(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '(';
    }

    /**
     * Parses the head at the start of the line; reports and returns null if it is malformed.
     *
     * @param resolve gives the value of a {@code $NAME} or {@code ${NAME}} written as a number or value
     */
    static Head parse(SourceLine line, UnaryOperator<String> resolve, ReadProblems problems) {
        String text = line.text();
        int open = text.indexOf('(');
        String kind = text.substring(0, open).trim();
        int close = closingParen(text, open + 1);
        if (close < 0) {
            problems.error(line.locationAt(0), kind + ": missing ')'");
            return null;
        }
        String inside = text.substring(open + 1, close);
        try {
            if (kind.equals("~LST")) {
                return list(inside, resolve, close + 1);
            }
            return sequence(inside, resolve, kind.equals("~SEQx"), close + 1);
        } catch (IllegalArgumentException e) {
            problems.error(line.locationAt(0), kind + ": " + e.getMessage());
            return null;
        }
    }

    private static int closingParen(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ')' && depth <= 0) {
                return i;
            }
        }
        return -1;
    }

    private static Head sequence(String inside, UnaryOperator<String> resolve, boolean hex, int restStart) {
        String[] args = inside.split(",", -1);
        if (args.length < 2 || args.length > 4) {
            throw new IllegalArgumentException("expected (var, [start,] [step,] end), got " + args.length
                    + (args.length == 1 ? " argument" : " arguments"));
        }
        String var = variable(args[0]);
        long end = number(resolve.apply(args[args.length - 1].trim()));
        long start = args.length >= 3 ? number(resolve.apply(args[1].trim())) : (end < 0 ? -1 : 1);
        long step = args.length == 4 ? number(resolve.apply(args[2].trim())) : (start <= end ? 1 : -1);
        if (step == 0) {
            throw new IllegalArgumentException("step must not be 0");
        }
        if ((start < end && step < 0) || (start > end && step > 0)) {
            throw new IllegalArgumentException(
                    "step " + step + " goes away from " + end + " when starting at " + start);
        }
        if (hex && (start < 0 || end < 0)) {
            throw new IllegalArgumentException("hexadecimal values must not be negative");
        }
        long count = (end - start) / step + 1;
        if (count > MAX_VALUES || count < 0) {
            throw new IllegalArgumentException("more than " + MAX_VALUES + " values");
        }
        int size = (int) count;
        // Values are made as they are used: a long sequence cut short by an error costs nothing.
        List<List<String>> rows = new AbstractList<>() {
            @Override
            public List<String> get(int i) {
                long v = start + i * step;
                return List.of(hex ? Long.toHexString(v) : Long.toString(v));
            }

            @Override
            public int size() {
                return size;
            }
        };
        return new Head(List.of(var), rows, restStart);
    }

    private static Head list(String inside, UnaryOperator<String> resolve, int restStart) {
        List<String> items = splitTopLevel(inside);
        if (items.size() < 2) {
            throw new IllegalArgumentException("expected (var, value, ...) with at least one value");
        }
        List<String> variables = new ArrayList<>();
        for (String v : group(items.get(0))) {
            variables.add(variable(v));
        }
        List<List<String>> rows = new ArrayList<>();
        for (String item : items.subList(1, items.size())) {
            List<String> row = new ArrayList<>();
            for (String value : group(item)) {
                row.add(resolve.apply(value));
            }
            if (row.size() != variables.size()) {
                throw new IllegalArgumentException("'" + item.trim() + "' has " + row.size() + " value"
                        + (row.size() == 1 ? "" : "s") + " for " + variables.size() + " variable"
                        + (variables.size() == 1 ? "" : "s"));
            }
            rows.add(row);
        }
        return new Head(variables, rows, restStart);
    }

    /** Splits at commas that are not inside {...}. */
    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }

    /** "{a, b}" gives [a, b]; "a" gives [a]. */
    private static List<String> group(String item) {
        String t = item.trim();
        List<String> out = new ArrayList<>();
        if (t.startsWith("{") && t.endsWith("}")) {
            for (String part : t.substring(1, t.length() - 1).split(",", -1)) {
                out.add(part.trim());
            }
        } else {
            out.add(t);
        }
        return out;
    }

    private static String variable(String arg) {
        String name = arg.trim();
        if (!Chars.isName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a variable name (letters, digits, _)");
        }
        return name;
    }

    /** An integer as C's strtol reads it with base 0: 0x... hexadecimal, 0... octal, else decimal. */
    static long number(String arg) {
        String t = arg.trim();
        boolean negative = t.startsWith("-");
        String digits = negative || t.startsWith("+") ? t.substring(1) : t;
        int radix = 10;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
            radix = 16;
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            digits = digits.substring(1);
            radix = 8;
        }
        if (digits.isEmpty() || digits.length() > 11) {
            throw new IllegalArgumentException("'" + t + "' is not a number");
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            int d = c < 128 ? Character.digit(c, radix) : -1;
            if (d < 0) {
                throw new IllegalArgumentException("'" + t + "' is not a number");
            }
            v = v * radix + d;
        }
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + t + "' is out of range");
        }
        return negative ? -v : v;
    }
}
