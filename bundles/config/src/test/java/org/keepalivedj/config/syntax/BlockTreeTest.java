package org.keepalivedj.config.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;

/** Comments, quoting, words, and how braces build the block tree. */
class BlockTreeTest {

    @Test
    void blocksOpenOnTheSameLineTheNextLineOrInOneLine() throws Exception {
        String text = String.join(
                "\n",
                "vrrp_instance VI_1 {",
                "  state MASTER",
                "  virtual_ipaddress",
                "  {",
                "    10.0.0.1/24 dev eth0",
                "  }",
                "  track_script { chk_a }",
                "}",
                "");
        assertEquals(
                String.join(
                        "\n",
                        "vrrp_instance@1:1 VI_1@1:15 {",
                        "  state@2:3 MASTER@2:9",
                        "  virtual_ipaddress@3:3 {",
                        "    10.0.0.1/24@5:5 dev@5:17 eth0@5:21",
                        "  }",
                        "  track_script@7:3 {",
                        "    chk_a@7:18",
                        "  }",
                        "}",
                        ""),
                Trees.located(Trees.read(text).roots()));
    }

    @Test
    void bracesAreWordsOfTheirOwnEvenWhenWrittenAgainstText() throws Exception {
        assertEquals(
                "virtual_ipaddress {\n  10.0.0.1/32\n}\nstate BACKUP\n",
                Trees.shapeOf("virtual_ipaddress {10.0.0.1/32}state BACKUP"));
    }

    @Test
    void aBlockOnTheNextLineSkipsBlankAndCommentLines() throws Exception {
        assertEquals(
                "global_defs {\n  router_id r1\n}\n",
                Trees.shapeOf("global_defs\n\n# the block\n{\n router_id r1\n}\n"));
    }

    @Test
    void emptyBlocksAndKeywordsWithoutBlocksAreDistinguished() throws Exception {
        List<ConfigNode> roots = Trees.read("a {\n}\nb\n").roots();
        assertTrue(roots.get(0).hasBlock());
        assertTrue(roots.get(0).children().isEmpty());
        assertFalse(roots.get(1).hasBlock());
    }

    @Test
    void hashAndBangStartCommentsAnywhereOutsideQuotes() throws Exception {
        String text = String.join(
                "\n",
                "! Configuration File for keepalived",
                "global_defs { # the globals",
                "  router_id r1#no-space",
                "  smtp_server 10.0.0.1 ! port follows",
                "  notification_email_from \"ops # team!\"",
                "}");
        assertEquals(
                String.join(
                        "\n",
                        "global_defs {",
                        "  router_id r1",
                        "  smtp_server 10.0.0.1",
                        "  notification_email_from \"ops # team!\"",
                        "}",
                        ""),
                Trees.shapeOf(text));
    }

    @Test
    void ordinaryLinesQuoteWithDoubleQuotesOnlyAndTakeQuotedTextAsWritten() throws Exception {
        List<Token> args = Trees.read("x \"a b\" c\"d e\"f 'g h' \"back\\slash \\x41\" out\\side\n")
                .roots()
                .get(0)
                .args();
        assertEquals(
                List.of("a b", "c", "d e", "f", "'g", "h'", "back\\slash \\x41", "out\\side"),
                args.stream().map(Token::text).toList());
        assertEquals(
                List.of(true, false, true, false, false, false, true, false),
                args.stream().map(Token::quoted).toList());
        assertEquals(new Location("t.conf", 1, 3), args.get(0).location());
        assertEquals(new Location("t.conf", 1, 10), args.get(2).location());
        assertEquals(new Location("t.conf", 1, 15), args.get(3).location());
    }

    @Test
    void scriptLinesQuoteLikeAShellAndDecodeEscapes() throws Exception {
        String text = "notify abcd\" efg h jkl \"mnop 'x y'z \"a\\tb\" \\x41\\102\\n \"say \\\"hi\\\"\" \\cA\\E\\q\n";
        List<Token> args = Trees.read(text).roots().get(0).args();
        assertEquals(
                List.of("abcd efg h jkl mnop", "x yz", "a\tb", "AB\n", "say \"hi\"", "\u0001\u001bq"),
                args.stream().map(Token::text).toList());
        assertEquals(
                List.of(true, true, true, false, true, false),
                args.stream().map(Token::quoted).toList());
    }

    @Test
    void escapedCommentCharactersAreOrdinary() throws Exception {
        assertEquals("smtp_helo_name a#b!c\n", Trees.shapeOf("smtp_helo_name a\\#b\\!c # real comment\n"));
    }

    @Test
    void quotedBracesAndEmptyStringsAreWords() throws Exception {
        ConfigNode n =
                Trees.read("notification_email_from \"{\" \"\" \"}\"\n").roots().get(0);
        assertEquals(List.of("{", "", "}"), n.args().stream().map(Token::text).toList());
        assertFalse(n.hasBlock());
    }

    @Test
    void theManPageScriptExampleKeepsSingleQuotesForTheScriptParser() throws Exception {
        String text =
                "notify_master \"/etc/keepalived/notify_event.sh ' spaces\\\\x20f\\x69le ' '\\\"s p a c e \\\"' master\" user group\n";
        List<Token> args = Trees.read(text).roots().get(0).args();
        assertEquals(
                "/etc/keepalived/notify_event.sh ' spaces\\x20file ' '\"s p a c e \"' master",
                args.get(0).text());
        assertEquals(
                List.of("user", "group"),
                args.subList(1, 3).stream().map(Token::text).toList());
    }

    @Test
    void windowsLineEndingsAndTabsAreBlanks() throws Exception {
        assertEquals("a {\n  b c\n}\n", Trees.shapeOf("a {\r\n\tb\tc\r\n}\r\n"));
    }

    @Test
    void dataBlocksKeepEachLineAsAChildWhoseKeywordIsItsFirstWord() throws Exception {
        String text = String.join("\n", "unicast_peer {", "  192.0.2.1", "  192.0.2.2 min_ttl 2", "}");
        ConfigNode peers = Trees.read(text).roots().get(0);
        assertEquals(
                List.of("192.0.2.1", "192.0.2.2"),
                peers.children().stream().map(ConfigNode::name).toList());
        assertEquals("min_ttl 2", peers.children().get(1).argsText());
    }

    @Test
    void statementsAfterAClosingBraceOnTheSameLineBelongToTheOuterBlock() throws Exception {
        assertEquals("a {\n  b {\n    c\n  }\n  d\n}\n", Trees.shapeOf("a { b { c } d }"));
    }
}
