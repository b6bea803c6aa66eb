package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/keywords.md is what KeywordsDoc makes of keywords.table. */
class KeywordsDocTest {
    /** The module's folder is the working directory of its tests. */
    private static final Path DOC = Path.of("../../docs/keywords.md");

    static final String REGENERATE = "mvn -B -q -pl bundles/config -am verify -Dtest=KeywordsDocTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dkeywords.doc.write=true";

    @Test
    void docMatchesTheTable() throws IOException {
        String wanted = KeywordsDoc.render(KeywordTable.standard());
        if (Boolean.getBoolean("keywords.doc.write")) {
            Files.writeString(DOC, wanted, StandardCharsets.UTF_8);
        }
        String actual = Files.isRegularFile(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "(missing)";
        assertEquals(
                wanted,
                actual,
                "docs/keywords.md disagrees with keywords.table; regenerate it from the"
                        + " project's top folder with:\n    " + REGENERATE + "\n");
    }

    @Test
    void everyKeywordHasARow() {
        String doc = KeywordsDoc.render(KeywordTable.standard());
        for (String keyword : KeywordTable.standard().allKeywords()) {
            assertTrue(doc.contains("| `" + keyword + "` |"), keyword + " has no row");
        }
        assertTrue(
                doc.contains("| `vrrp_iptables` | global_defs | no effect | no iptables, no_accept uses nftables |"),
                doc);
        assertTrue(doc.contains("| `net_namespace` | root | supported | "), doc);
    }
}
