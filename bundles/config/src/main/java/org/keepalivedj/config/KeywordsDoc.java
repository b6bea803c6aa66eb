package org.keepalivedj.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.config.KeywordTable.Keyword;
import org.keepalivedj.config.KeywordTable.Section;
import org.keepalivedj.config.KeywordTable.Status;

/**
 * docs/keywords.md, generated from keywords.table: every keyword with its block, status and note.
 * {@code KeywordsDoc FILE} writes it; KeywordsDocTest fails when the file and the table disagree.
 */
public final class KeywordsDoc {
    private KeywordsDoc() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: KeywordsDoc docs/keywords.md");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), render(KeywordTable.standard()), StandardCharsets.UTF_8);
    }

    /** The whole page. A keyword a block takes from another (checker_common, HTTP_GET for SSL_GET) is listed once. */
    public static String render(KeywordTable table) {
        Set<Keyword> listed = Collections.newSetFromMap(new IdentityHashMap<>());
        StringBuilder rows = new StringBuilder();
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Section section : table.sections().values()) {
            for (Keyword k : section.keywords().values()) {
                if (!listed.add(k)) {
                    continue;
                }
                counts.merge(k.status(), 1, Integer::sum);
                rows.append("| `")
                        .append(k.name())
                        .append("` | ")
                        .append(section.name())
                        .append(" | ")
                        .append(k.status().words())
                        .append(" | ")
                        .append(cell(notes(k)))
                        .append(" |\n");
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# keepalived.conf keywords in keepalived-j\n\n");
        out.append("Generated from `bundles/config/src/main/resources/org/keepalivedj/config/keywords.table` by\n");
        out.append(
                "`org.keepalivedj.config.KeywordsDoc` (the last section from `t-differences.table` next to it); do not\n");
        out.append("edit by hand (KeywordsDocTest says how to regenerate).\n\n");
        out.append(
                "- **supported**: the keyword has its keepalived effect (\"moot\": a tuning knob the one-JVM design makes unnecessary).\n");
        out.append("- **partial**: part of the effect; the note says which part is missing.\n");
        out.append(
                "- **no effect**: accepted and ignored. Each use is reported at load (`bin/keepalived -t` and the\n");
        out.append(
                "  daemon's log) as `FILE:LINE:COL: warning: KEYWORD has no effect in keepalived-j (REASON)`; keepalived\n");
        out.append("  takes these lines silently, so the warning leaves `-t`'s exit code at 0.\n\n");
        out.append(
                "A flag keyword alone means true; it may take one value: true, false, yes, no, on, off. keepalived-j\n");
        out.append(
                "also reads 1, 0 and any case (True, OFF), with a warning: keepalived rejects those and ignores the line.\n\n");
        out.append(
                "Blocks: `checker_common` lists the keywords every checker block (TCP_CHECK, HTTP_GET, ...) takes;\n");
        out.append("SSL_GET takes HTTP_GET's keywords.\n\n");
        out.append("Counts: ");
        boolean first = true;
        for (Status s : Status.values()) {
            out.append(first ? "" : ", ")
                    .append(counts.getOrDefault(s, 0))
                    .append(' ')
                    .append(s.words());
            first = false;
        }
        out.append(".\n\n");
        out.append("| keyword | block | status | notes |\n|---|---|---|---|\n");
        out.append(rows);
        out.append(knownDifferences(KnownDifferences.standard()));
        return out.toString();
    }

    /** The section from t-differences.table: where bin/keepalived -t and keepalived's -t disagree on purpose. */
    static String knownDifferences(KnownDifferences known) {
        StringBuilder out = new StringBuilder();
        out.append("\n## Known differences from keepalived's -t\n\n");
        out.append(
                "DifferentialTest (bundles/config, run by `mvn verify`) runs keepalived 2.2.7's `-t` and keepalived-j's\n");
        out.append(
                "`bin/keepalived -t` on more than 1,000 configs made by mutating keepalived's samples and ours, and compares\n");
        out.append(
                "their verdicts: fine (keepalived 0, ours 0), would run with errors (5, 4), script security (6), cannot run\n");
        out.append(
                "(4, 3), crash (keepalived killed by a signal or never ending). These are the disagreements it accepts,\n");
        out.append("by mutation; any other fails it. Its report is `bundles/config/target/differential-t.txt`. Edit\n");
        out.append("`t-differences.table` (next to keywords.table), then regenerate this page.\n\n");
        out.append("| mutation | keyword | keepalived | keepalived-j | why |\n|---|---|---|---|---|\n");
        for (KnownDifferences.Row r : known.rows()) {
            out.append("| ")
                    .append(r.kind())
                    .append(" | ")
                    .append(cell(r.keyword().replace(",", ", ")))
                    .append(" | ")
                    .append(r.keepalived().word())
                    .append(" | ")
                    .append(r.ours().word())
                    .append(" | ")
                    .append(cell(r.why()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String notes(Keyword k) {
        String spelling = switch (k.kind()) {
            case ALIAS -> "deprecated spelling of `" + k.p1() + "` (warns)";
            case SAME -> "another spelling of `" + k.p1() + "`";
            case MOVED -> "deprecated: " + k.p1();
            default -> null;
        };
        if (spelling == null) {
            return k.note() == null ? "" : k.note();
        }
        return k.note() == null ? spelling : spelling + "; " + k.note();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
