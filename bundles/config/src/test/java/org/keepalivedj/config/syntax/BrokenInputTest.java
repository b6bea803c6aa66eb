package org.keepalivedj.config.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keepalivedj.api.config.ConfigException;

/** Bad input: each gives exactly these problems, with file, line and column, and nothing else. */
class BrokenInputTest {

    static Stream<Arguments> brokenConfigs() {
        return Stream.of(
                Arguments.of(
                        "unterminated quote",
                        "global_defs {\n  router_id \"r1\n}\n",
                        "t.conf:2:13: unterminated quoted string (missing closing '\"')\n"),
                Arguments.of(
                        "unterminated quote after an escaped quote",
                        "notify \"a \\\"\n",
                        "t.conf:1:8: unterminated quoted string (missing closing '\"')\n"),
                Arguments.of(
                        "quote ending in a backslash",
                        "x \"abc\\\n",
                        "t.conf:1:3: unterminated quoted string (missing closing '\"')\n"),
                Arguments.of(
                        "unclosed block",
                        "vrrp_instance VI_1 {\n  state MASTER\n",
                        "t.conf:1:1: block 'vrrp_instance' is not closed (missing '}')\n"),
                Arguments.of(
                        "unclosed nested blocks, innermost first",
                        "virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n    weight 1\n",
                        "t.conf:2:3: block 'real_server' is not closed (missing '}')\n"
                                + "t.conf:1:1: block 'virtual_server' is not closed (missing '}')\n"),
                Arguments.of("stray closing brace", "global_defs {\n}\n}\n", "t.conf:3:1: '}' with no open block\n"),
                Arguments.of(
                        "stray closing brace after text", "router_id r1 }\n", "t.conf:1:14: '}' with no open block\n"),
                Arguments.of("brace with no keyword", "{\n  a\n}\n", "t.conf:1:1: '{' with no keyword before it\n"),
                Arguments.of(
                        "second brace for the same statement",
                        "a { } {\n}\n",
                        "t.conf:1:7: '{' with no keyword before it\n"),
                Arguments.of(
                        "~SEQ without closing parenthesis",
                        "  ~SEQ(I, 1, 3 ip $I\n",
                        "t.conf:1:3: ~SEQ: missing ')'\n"),
                Arguments.of(
                        "~SEQ with a zero step", "~SEQ(I, 1, 0, 3) ip $I\n", "t.conf:1:1: ~SEQ: step must not be 0\n"),
                Arguments.of(
                        "~SEQ stepping away from its end",
                        "~SEQ(I, 5, 1, 3) ip $I\n",
                        "t.conf:1:1: ~SEQ: step 1 goes away from 3 when starting at 5\n"),
                Arguments.of(
                        "~SEQx with a negative value",
                        "~SEQx(I, -3) ip $I\n",
                        "t.conf:1:1: ~SEQx: hexadecimal values must not be negative\n"),
                Arguments.of(
                        "~SEQ with a bad octal number",
                        "~SEQ(I, 09) ip $I\n",
                        "t.conf:1:1: ~SEQ: '09' is not a number\n"),
                Arguments.of(
                        "~SEQ with a bad number",
                        "~SEQx(I, 0x1g, 3) ip $I\n",
                        "t.conf:1:1: ~SEQx: '0x1g' is not a number\n"),
                Arguments.of(
                        "~SEQ with a bad variable name",
                        "~SEQ(1I, 3) ip\n",
                        "t.conf:1:1: ~SEQ: '1I' is not a variable name (letters, digits, _)\n"),
                Arguments.of(
                        "~SEQ with too many arguments",
                        "~SEQ(I, 1, 2, 3, 4) ip\n",
                        "t.conf:1:1: ~SEQ: expected (var, [start,] [step,] end), got 5 arguments\n"),
                Arguments.of(
                        "~SEQ with too many values",
                        "~SEQ(I, 0, 2000000) ip\n",
                        "t.conf:1:1: ~SEQ: more than 1000000 values\n"),
                Arguments.of(
                        "~LST row of the wrong size",
                        "~LST({A, B}, {1, 2}, {3}) x\n",
                        "t.conf:1:1: ~LST: '{3}' has 1 value for 2 variables\n"),
                Arguments.of(
                        "~LST without values",
                        "~LST(A) x\n",
                        "t.conf:1:1: ~LST: expected (var, value, ...) with at least one value\n"),
                Arguments.of(
                        "parameter defined in terms of itself",
                        "$A=x ${A}\n  v ${A}\n",
                        "t.conf:2:3: parameter substitution nested more than 64 deep (a parameter defined in terms of itself?)\n"),
                Arguments.of(
                        "parameter that doubles itself",
                        "$A=${A}${A}\nv ${A}\n",
                        "t.conf:2:1: line longer than 1048576 characters after parameter substitution"
                                + " (a parameter defined in terms of itself?)\n"),
                Arguments.of(
                        "bad _RANDOM range",
                        "v ${_RANDOM 9 2}\n",
                        "t.conf:1:3: ${_RANDOM MIN MAX}: need 0 <= MIN <= MAX, got 9 2\n"),
                Arguments.of(
                        "bad _RANDOM number",
                        "v ${_RANDOM x}\n",
                        "t.conf:1:3: ${_RANDOM MIN MAX}: MIN and MAX must be non-negative integers\n"),
                Arguments.of("include without a file name", "  include\n", "t.conf:1:3: include: missing file name\n"),
                Arguments.of(
                        "errors in several places are all reported",
                        "a {\n}\n}\nb \"x\n~SEQ(I, 0, 0, 1)\n",
                        "t.conf:3:1: '}' with no open block\n"
                                + "t.conf:4:3: unterminated quoted string (missing closing '\"')\n"
                                + "t.conf:5:1: ~SEQ: step must not be 0\n"),
                Arguments.of(
                        "blocks nested too deeply",
                        "a {".repeat(70) + "\n",
                        "t.conf:1:195: blocks nested more than 64 deep\n"),
                Arguments.of(
                        "brace expression nested absurdly deep",
                        "include " + "{".repeat(100) + "a" + "}".repeat(100) + "\n",
                        "t.conf:1:1: include " + "{".repeat(100) + "a" + "}".repeat(100)
                                + ": more than 64 brace expressions\n"),
                Arguments.of(
                        "brace expansion that explodes",
                        "include " + "{a,b}".repeat(13) + "\n",
                        "t.conf:1:1: include " + "{a,b}".repeat(13)
                                + ": brace expansion gives more than 4096 file names\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConfigs")
    void reportsExactlyTheseProblems(String what, String text, String expected) {
        assertEquals(expected, Trees.errorsOf(text));
    }

    @Test
    void runawayExpansionStopsAtTheWorkLimit() {
        String text =
                "$A= \\\nx \\\nx\n$B= \\\n$A \\\n$A\n$C= \\\n$B \\\n$B\n" + "~SEQ(I, 1000000) ~SEQ(J, 1000000) $C\n";
        ConfigReader reader = new ConfigReader(new ConfigReader.Options("main", n -> null), 100_000);
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(text, "t.conf", Path.of("/")));
        assertEquals(
                "t.conf:10:35: configuration expands to more than 100000 lines (runaway ~SEQ or parameter?)\n",
                Trees.problems(e.problems()));
    }

    @Test
    void tooManyErrorsStopTheReadAtTheLimit() {
        ConfigException e = assertThrows(ConfigException.class, () -> Trees.read("}\n".repeat(500)));
        assertEquals(ReadProblems.MAX_ERRORS, e.problems().size());
        assertEquals(
                "t.conf:100:1: '}' with no open block", e.problems().get(99).toString());
    }
}
