package org.keepalivedj.config.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any statement tree written out in keepalived's syntax (blocks on the keyword's line or the next,
 * words quoted when they hold blanks, comments between) reads back as the same tree.
 */
class RoundTripPropertyTest {

    /** A statement to write: keyword, arguments, and children when it has a block. */
    record Stmt(String keyword, List<String> args, List<Stmt> children, boolean block, int style) {}

    @Property(tries = 100)
    void writtenTreesReadBackTheSame(@ForAll("trees") List<Stmt> tree) throws Exception {
        StringBuilder text = new StringBuilder("! generated\n");
        write(tree, "", text);
        ParsedConfig parsed = new ConfigReader(new ConfigReader.Options("main", n -> null))
                .read(text.toString(), "gen.conf", Path.of("/"));
        assertEquals(expected(tree, ""), Trees.shape(parsed.roots()), text::toString);
    }

    @Provide
    Arbitrary<List<Stmt>> trees() {
        return statements(2).list().ofMaxSize(5);
    }

    private Arbitrary<Stmt> statements(int depth) {
        Arbitrary<String> keyword = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars('_')
                .ofMinLength(1)
                .ofMaxLength(8);
        Arbitrary<String> plainWord = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('0', '9')
                .withChars('.', '/', ':', '-', '_')
                .ofMinLength(1)
                .ofMaxLength(10);
        Arbitrary<String> blankWord = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars(' ', '\t', '{', '}', '#', '!')
                .ofMinLength(0)
                .ofMaxLength(10);
        Arbitrary<String> arg = Arbitraries.oneOf(plainWord, plainWord, blankWord);
        Arbitrary<List<Stmt>> children = depth == 0
                ? Arbitraries.just(List.of())
                : Arbitraries.lazy(() -> statements(depth - 1)).list().ofMaxSize(4);
        return Combinators.combine(
                        keyword,
                        arg.list().ofMaxSize(4),
                        children,
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 2))
                .as((k, a, c, block, style) -> new Stmt(k, a, block ? c : List.of(), block, style));
    }

    /** Writes statements; style picks where the '{' goes and whether a comment follows. */
    private static void write(List<Stmt> stmts, String indent, StringBuilder out) {
        for (Stmt s : stmts) {
            out.append(indent).append(s.keyword());
            for (String a : s.args()) {
                out.append(' ').append(needsQuotes(a) ? "\"" + a + "\"" : a);
            }
            if (!s.block()) {
                out.append(s.style() == 1 ? "   # a comment\n" : "\n");
                continue;
            }
            if (s.style() == 0) {
                out.append(" {\n");
            } else {
                out.append(s.style() == 1 ? "\n" + indent + "{ ! comment\n" : "\n\n" + indent + "{\n");
            }
            write(s.children(), indent + "    ", out);
            out.append(indent).append("}\n");
        }
    }

    private static boolean needsQuotes(String word) {
        return word.isEmpty() || !word.chars().allMatch(c -> Character.isLetterOrDigit(c) || ".:/-_".indexOf(c) >= 0);
    }

    /** The shape {@link Trees#shape} gives for these statements. */
    private static String expected(List<Stmt> stmts, String indent) {
        StringBuilder sb = new StringBuilder();
        for (Stmt s : stmts) {
            sb.append(indent).append(s.keyword());
            for (String a : s.args()) {
                sb.append(' ').append(needsQuotes(a) ? "\"" + a + "\"" : a);
            }
            if (s.block()) {
                sb.append(" {\n")
                        .append(expected(s.children(), indent + "  "))
                        .append(indent)
                        .append('}');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
