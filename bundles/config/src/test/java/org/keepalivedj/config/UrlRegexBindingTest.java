package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.config.checkers.HttpCheckSpec;
import org.keepalivedj.config.checkers.UrlRegex;

/**
 * url's regex family at load: the options, offsets and stack are typed, and what java.util.regex
 * cannot honour is refused with the file, line and keyword. Matching itself is tested against
 * nginx in check-http (UrlRegexNginxTest), with keepalived 2.2.7's verdicts.
 */
class UrlRegexBindingTest {
    private static String conf(String url) {
        return """
                virtual_server 192.0.2.100 80 {
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 192.0.2.1 80 {
                        HTTP_GET {
                            url {
                                path /
                %s
                            }
                        }
                    }
                }
                """.formatted(url);
    }

    private static HttpCheckSpec.Url url(String lines) throws Exception {
        var rs = Samples.loader()
                .load(conf(lines), "t.conf", Path.of("."))
                .config()
                .virtualServers()
                .values()
                .iterator()
                .next()
                .realServers()
                .values()
                .iterator()
                .next();
        return ((HttpCheckSpec) rs.checkers().get(0).spec()).urls().get(0);
    }

    private static List<String> errors(String lines) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> Samples.loader().load(conf(lines), "t.conf", Path.of(".")));
        return e.problems().stream()
                .filter(ConfigProblem::isError)
                .map(ConfigProblem::toString)
                .toList();
    }

    @Test
    void optionsAndOffsetsAreTyped() throws Exception {
        HttpCheckSpec.Url u = url("""
                regex "^a.b"
                regex_options Caseless multiline
                regex_min_offset 3
                regex_max_offset 40
                regex_stack 32768 1048576
                tls_compliant
                """);
        assertEquals(List.of("caseless", "multiline"), u.regexOptions());
        assertEquals(3, u.regexMinOffset());
        assertEquals(40, u.regexMaxOffset());
        assertTrue(u.tlsCompliant());
        assertNull(url("regex a").regexMaxOffset());
    }

    @Test
    void anOptionJavaCannotHonourIsRefusedAtLoad() {
        List<String> e = errors("regex a+\nregex_options caseless ungreedy");
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("t.conf:10:"), e.get(0));
        assertTrue(e.get(0).contains("regex_options ungreedy cannot be honoured"), e.get(0));
    }

    @Test
    void everyRefusedOptionSaysWhy() {
        for (String o : List.of(
                "ungreedy",
                "dollar_endonly",
                "match_unset_backref",
                "allow_empty_class",
                "alt_bsux",
                "alt_circumflex")) {
            String p = UrlRegex.problem("a", List.of(o), 0, null);
            assertTrue(p != null && p.startsWith("regex_options " + o + " cannot be honoured: "), o + ": " + p);
        }
    }

    @Test
    void unknownOptionsBadPatternsAndOffsetsAreErrors() {
        assertTrue(errors("regex a\nregex_options bogus").get(0).contains("bogus is not a regex option"));
        assertTrue(errors("regex \"a(b\"").get(0).contains("is not a valid regular expression"));
        assertTrue(errors("regex a\nregex_min_offset 9\nregex_max_offset 3")
                .get(0)
                .contains("regex_min_offset 9 is more than regex_max_offset 3"));
        assertTrue(errors("regex a\nregex_stack 10").get(0).contains("regex_stack 10 must be START MAX"));
        assertTrue(errors("regex a\nregex_stack 20 10").get(0).contains("START <= MAX"));
    }

    @Test
    void extendedIsRefusedOnlyWhereJavaWouldReadItDifferently() {
        assertNull(UrlRegex.problem("a b # comment", List.of("extended"), 0, null));
        assertNull(UrlRegex.problem("a[\\ ]b", List.of("extended"), 0, null));
        assertTrue(UrlRegex.problem("a[ x]b", List.of("extended"), 0, null).contains("inside [...]"));
        assertTrue(
                UrlRegex.problem("(a)\\1", List.of("no_auto_capture"), 0, null).contains("numbered backreference"));
    }

    @Test
    void matchingFollowsPcre2Offsets() throws Exception {
        String body = "Hello World\nsecond line\n";
        assertNull(UrlRegex.of(url("regex World\nregex_min_offset 6")).verdict(body));
        assertTrue(UrlRegex.of(url("regex \"^World\"\nregex_min_offset 6")).verdict(body) != null);
        assertNull(UrlRegex.of(url("regex \"(?<=Hello )World\"\nregex_min_offset 6"))
                .verdict(body));
        assertNull(UrlRegex.of(url("regex line\nregex_max_offset 19")).verdict(body));
        assertTrue(UrlRegex.of(url("regex line\nregex_max_offset 18")).verdict(body) != null);
        assertTrue(UrlRegex.of(url("regex second\nregex_options firstline")).verdict(body) != null);
        assertTrue(UrlRegex.of(url("regex World\nregex_min_offset 99")).verdict(body) != null);
    }

    /** keepalived matches data whose end is not an end of line (PCRE2's NOTEOL): $ needs multiline and a newline. */
    @Test
    void dollarMatchesOnlyBeforeANewlineWithMultiline() throws Exception {
        String body = "Hello World\nsecond line\n";
        assertTrue(UrlRegex.of(url("regex \"line$\"")).verdict(body) != null);
        assertNull(UrlRegex.of(url("regex \"line$\"\nregex_options multiline")).verdict(body));
        assertNull(UrlRegex.of(url("regex \"World$\"\nregex_options multiline")).verdict(body));
        assertTrue(UrlRegex.of(url("regex \"line$\"\nregex_options multiline")).verdict("second line") != null);
    }
}
