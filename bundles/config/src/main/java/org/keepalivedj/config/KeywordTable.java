package org.keepalivedj.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** The keywords of every block, loaded from keywords.table (see the format described there). */
public final class KeywordTable {
    /** The shape of a keyword's arguments. */
    public enum Kind {
        FLAG,
        WORD,
        TEXT,
        OPT,
        INT,
        SECS,
        MS,
        ENUM,
        IP,
        LIST,
        BLOCK,
        CHECKER,
        ALIAS,
        SAME,
        MOVED
    }

    /** What a keyword does in keepalived-j (see keywords.table). */
    public enum Status {
        SUPPORTED("supported"),
        PARTIAL("partial"),
        NOEFFECT("no effect");

        private final String words;

        Status(String words) {
            this.words = words;
        }

        /** As written for people: supported, partial, no effect. */
        public String words() {
            return words;
        }
    }

    /** One keyword of a section: its shape, the shape's parameters, its status and the status's note (or null). */
    public record Keyword(
            String name, Kind kind, String p1, String p2, BigDecimal low, BigDecimal high, Status status, String note) {
        Keyword(String name, Kind kind, String p1, String p2, Status status, String note) {
            this(name, kind, p1, p2, bound(kind, p1), bound(kind, p2), status, note);
        }

        /** INT, SECS and MS bounds, parsed once; null for none ("*"). */
        private static BigDecimal bound(Kind kind, String text) {
            boolean numeric = kind == Kind.INT || kind == Kind.SECS || kind == Kind.MS;
            return numeric && text != null && !text.equals("*") ? new BigDecimal(text) : null;
        }

        /** For BLOCK and LIST: what the keyword line itself takes (none, name or any). */
        public String blockArgs() {
            return kind == Kind.BLOCK ? (p2 == null ? "none" : p2) : (p1 == null ? "none" : p1);
        }
    }

    /** One block's keywords, in table order. */
    public record Section(String name, Map<String, Keyword> keywords) {
        public Keyword get(String keyword) {
            return keywords.get(keyword);
        }

        /** True when no keyword of this block has an effect (bfd_instance): the block's own keyword warns, not these. */
        public boolean noEffect() {
            return !keywords.isEmpty() && keywords.values().stream().allMatch(k -> k.status() == Status.NOEFFECT);
        }
    }

    private static final KeywordTable STANDARD = load("keywords.table");

    private final Map<String, Section> sections;

    private KeywordTable(Map<String, Section> sections) {
        this.sections = sections;
    }

    public static KeywordTable standard() {
        return STANDARD;
    }

    public Section section(String name) {
        return Objects.requireNonNull(sections.get(name), () -> "no section " + name);
    }

    public Map<String, Section> sections() {
        return sections;
    }

    /** Every keyword of every section (aliases included). */
    public Set<String> allKeywords() {
        Set<String> all = new TreeSet<>();
        sections.values().forEach(s -> all.addAll(s.keywords().keySet()));
        return all;
    }

    static KeywordTable load(String resource) {
        Map<String, Map<String, Keyword>> raw = new LinkedHashMap<>();
        try (InputStream in = KeywordTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, Keyword> current = null;
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[")) {
                    current = raw.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                } else if (line.startsWith("@use ")) {
                    current.putAll(
                            Objects.requireNonNull(raw.get(line.substring(5).strip()), line));
                } else {
                    Keyword k = parse(line);
                    current.put(k.name(), k);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Section> sections = new LinkedHashMap<>();
        raw.forEach((name, kws) -> sections.put(name, new Section(name, Collections.unmodifiableMap(kws))));
        return new KeywordTable(Collections.unmodifiableMap(sections));
    }

    /** {@code keyword shape [params] | status[: note]}. */
    private static Keyword parse(String line) {
        int bar = line.indexOf(" | ");
        if (bar < 0) {
            throw new IllegalStateException("keywords.table: no status in: " + line);
        }
        String statusText = line.substring(bar + 3).strip();
        int colon = statusText.indexOf(':');
        Status status = Status.valueOf((colon < 0 ? statusText : statusText.substring(0, colon))
                .strip()
                .toUpperCase(Locale.ROOT));
        String note = colon < 0 ? null : statusText.substring(colon + 1).strip();
        if (status != Status.SUPPORTED && note == null) {
            throw new IllegalStateException("keywords.table: a " + status.words() + " keyword needs a note: " + line);
        }
        String[] w = line.substring(0, bar).strip().split("\\s+");
        Kind kind = Kind.valueOf(w[1].toUpperCase(Locale.ROOT));
        if (kind == Kind.MOVED) {
            return new Keyword(w[0], kind, String.join(" ", Arrays.asList(w).subList(2, w.length)), null, status, note);
        }
        return new Keyword(w[0], kind, w.length > 2 ? w[2] : null, w.length > 3 ? w[3] : null, status, note);
    }
}
