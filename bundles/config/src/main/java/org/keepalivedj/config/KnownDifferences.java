package org.keepalivedj.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where {@code bin/keepalived -t} and keepalived 2.2.7's {@code -t} knowingly give different verdicts,
 * and why: read from t-differences.table (format described there). KeywordsDoc prints these in
 * docs/keywords.md; the differential test accepts a disagreement only when a row here matches it.
 */
public final class KnownDifferences {
    /** A -t verdict class, as keepalived's and ConfigTool's exit codes map to it. */
    public enum Verdict {
        FINE,
        WOULD_RUN,
        SCRIPT_SECURITY,
        CANNOT_RUN,
        CRASH;

        /** keepalived 2.2.7: 0 fine, 4 cannot run, 5 errors but would run, 6 script security; anything else (a signal) a crash. */
        public static Verdict ofKeepalived(int code) {
            return switch (code) {
                case 0 -> FINE;
                case 4 -> CANNOT_RUN;
                case 5 -> WOULD_RUN;
                case 6 -> SCRIPT_SECURITY;
                default -> CRASH;
            };
        }

        /** ConfigTool: 0 fine, 4 cannot run, 5 would run with complaints, 6 script security (keepalived's codes). */
        public static Verdict ofOurs(int code) {
            return switch (code) {
                case ConfigTool.OK -> FINE;
                case ConfigTool.CANNOT_RUN -> CANNOT_RUN;
                case ConfigTool.WOULD_RUN_WITH_ERRORS -> WOULD_RUN;
                case ConfigTool.SCRIPT_SECURITY -> SCRIPT_SECURITY;
                default -> CRASH;
            };
        }

        /** As written in the table: fine, would-run, script-security, cannot-run, crash. */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Verdict of(String word) {
            return valueOf(word.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** One row: mutation kind (a trailing * matches any ending), keyword (* any, or a comma list), the two verdicts, why. */
    public record Row(String kind, String keyword, Verdict keepalived, Verdict ours, String why) {
        boolean matches(String mutation, String word, Verdict theirs, Verdict our) {
            boolean kindMatches = kind.endsWith("*")
                    ? mutation.startsWith(kind.substring(0, kind.length() - 1))
                    : kind.equals(mutation);
            return kindMatches
                    && (keyword.equals("*") || List.of(keyword.split(",")).contains(word))
                    && keepalived == theirs
                    && ours == our;
        }
    }

    private static final KnownDifferences STANDARD = load("t-differences.table");

    private final List<Row> rows;

    private KnownDifferences(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public static KnownDifferences standard() {
        return STANDARD;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The reason of the first row that matches, or null when this disagreement is not known. */
    public String why(String mutation, String keyword, Verdict keepalived, Verdict ours) {
        return rows.stream()
                .filter(r -> r.matches(mutation, keyword, keepalived, ours))
                .map(Row::why)
                .findFirst()
                .orElse(null);
    }

    static KnownDifferences load(String resource) {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = KnownDifferences.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf(" | ");
                String[] w = (bar < 0 ? line : line.substring(0, bar)).strip().split("\\s+");
                if (bar < 0 || w.length != 4) {
                    throw new IllegalStateException(resource + ": want KIND KEYWORD KEEPALIVED OURS | WHY: " + line);
                }
                rows.add(new Row(
                        w[0],
                        w[1],
                        Verdict.of(w[2]),
                        Verdict.of(w[3]),
                        line.substring(bar + 3).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KnownDifferences(rows);
    }
}
