package org.keepalivedj.config.syntax;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.config.Token;

/** Test helpers: read text, and render trees as indented text that a test can compare exactly. */
final class Trees {
    private Trees() {}

    static ConfigReader reader(String configId) {
        return new ConfigReader(new ConfigReader.Options(configId, name -> name.equals("KA_TEST") ? "from-env" : null));
    }

    static ParsedConfig read(String text) throws ConfigException {
        return reader("main").read(text, "t.conf", Path.of("/etc/keepalived"));
    }

    /** "keyword arg arg {" per statement, children indented by two spaces, block closed by "}". */
    static String shape(List<ConfigNode> nodes) {
        StringBuilder sb = new StringBuilder();
        render(nodes, "", t -> "", sb);
        return sb.toString();
    }

    /** As {@link #shape} with "@line:col" after every token. */
    static String located(List<ConfigNode> nodes) {
        StringBuilder sb = new StringBuilder();
        render(nodes, "", t -> "@" + t.location().line() + ":" + t.location().column(), sb);
        return sb.toString();
    }

    /** As {@link #located} with "@file:line:col", the file relative to {@code base}. */
    static String locatedWithFiles(List<ConfigNode> nodes, Path base) {
        StringBuilder sb = new StringBuilder();
        render(
                nodes,
                "",
                t -> "@" + base.relativize(Path.of(t.location().file())) + ":"
                        + t.location().line() + ":" + t.location().column(),
                sb);
        return sb.toString();
    }

    static String shapeOf(String text) throws ConfigException {
        return shape(read(text).roots());
    }

    /** The problems of the exception the text must produce, one "line:col: message" per line. */
    static String errorsOf(String text) {
        try {
            read(text);
        } catch (ConfigException e) {
            return problems(e.problems());
        }
        throw new AssertionError("expected a ConfigException for:\n" + text);
    }

    static String problems(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder();
        for (ConfigProblem p : problems) {
            sb.append(p).append('\n');
        }
        return sb.toString();
    }

    private static void render(List<ConfigNode> nodes, String indent, Function<Token, String> where, StringBuilder sb) {
        for (ConfigNode n : nodes) {
            sb.append(indent).append(word(n.keyword(), where));
            for (Token arg : n.args()) {
                sb.append(' ').append(word(arg, where));
            }
            if (n.hasBlock()) {
                sb.append(" {\n");
                render(n.children(), indent + "  ", where, sb);
                sb.append(indent).append("}");
            }
            sb.append('\n');
        }
    }

    private static String word(Token t, Function<Token, String> where) {
        return (t.quoted() ? "\"" + t.text() + "\"" : t.text()) + where.apply(t);
    }
}
