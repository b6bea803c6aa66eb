package org.keepalivedj.config;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.config.KeywordTable.Keyword;
import org.keepalivedj.config.KeywordTable.Kind;
import org.keepalivedj.config.KeywordTable.Section;
import org.keepalivedj.config.KeywordTable.Status;

/**
 * The statements of one block checked against its section of the keyword table: unknown keywords
 * and deprecated spellings are warned about, malformed ones reported and dropped. Binders then read
 * typed values by canonical keyword (the last occurrence wins, as in keepalived) and keep what they
 * did not read as {@link Settings}.
 */
public final class BlockReader {
    private static final Set<String> TRUE = Set.of("true", "yes", "on", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "off", "0");
    /** The values keepalived 2.2.7 itself takes for a flag (lowercase only, no 1 or 0). */
    private static final Set<String> KEEPALIVED_BOOLEANS = Set.of("true", "yes", "on", "false", "no", "off");

    private final Section section;
    private final ProblemSink sink;
    /**
     * Valid statements by canonical keyword, in order of first appearance, and whether a getter
     * read them. A block holds a handful of keywords: a list searched in order beats a hash map.
     */
    private final List<Values> values = new ArrayList<>();

    private List<ConfigNode> checkers = List.of();

    private static final class Values {
        final String keyword;
        final List<ConfigNode> nodes = new ArrayList<>(1);
        boolean read;

        Values(String keyword) {
            this.keyword = keyword;
        }
    }

    private Values find(String keyword) {
        for (int i = 0, n = values.size(); i < n; i++) {
            Values v = values.get(i);
            if (v.keyword.equals(keyword)) {
                return v;
            }
        }
        return null;
    }

    private BlockReader(
            List<ConfigNode> statements, Section section, ProblemSink sink, Predicate<String> checkerKeyword) {
        this.section = section;
        this.sink = sink;
        for (ConfigNode statement : statements) {
            accept(statement, checkerKeyword);
        }
    }

    public static BlockReader of(
            List<ConfigNode> statements, Section section, ProblemSink sink, Predicate<String> checkerKeyword) {
        return new BlockReader(statements, section, sink, checkerKeyword);
    }

    public static BlockReader of(ConfigNode block, Section section, ProblemSink sink) {
        return new BlockReader(block.children(), section, sink, k -> false);
    }

    private void accept(ConfigNode node, Predicate<String> checkerKeyword) {
        String name = node.name();
        Keyword spec = section.get(name);
        if (checkerKeyword.test(name) && (spec == null || spec.kind() == Kind.CHECKER)) {
            if (spec != null) {
                applyStatus(node, spec);
            }
            addChecker(node);
            return;
        }
        if (spec == null) {
            sink.warning(node.location(), "unknown keyword " + name);
            return;
        }
        if (spec.kind() != Kind.MOVED) {
            applyStatus(node, spec);
        }
        if (spec.kind() == Kind.ALIAS || spec.kind() == Kind.SAME) {
            if (spec.kind() == Kind.ALIAS) {
                sink.warning(node.location(), name + " is deprecated, use " + spec.p1());
            }
            name = spec.p1();
            spec = section.get(name);
        }
        if (spec.kind() == Kind.MOVED) {
            sink.warning(node.location(), name + " is deprecated: " + spec.p1());
            return;
        }
        if (spec.kind() == Kind.CHECKER) {
            addChecker(node);
            return;
        }
        if (valid(node, name, spec)) {
            Values v = find(name);
            if (v == null) {
                v = new Values(name);
                values.add(v);
            }
            v.nodes.add(node);
        }
    }

    /**
     * The keyword's status from the table: one with no effect gets an advisory at its token, unless
     * its whole block has no effect (the block's keyword said so already).
     */
    private void applyStatus(ConfigNode node, Keyword spec) {
        if (spec.status() == Status.NOEFFECT && !section.noEffect()) {
            sink.advisory(node.location(), noEffect(node.name(), spec.note()));
        }
    }

    /** The advisory's text for a keyword (or a keyword and the form used) with no effect. */
    public static String noEffect(String what, String reason) {
        return what + " has no effect in keepalived-j (" + reason + ")";
    }

    private void addChecker(ConfigNode node) {
        if (checkers.isEmpty()) {
            checkers = new ArrayList<>(2);
        }
        checkers.add(node);
    }

    private boolean valid(ConfigNode node, String name, Keyword spec) {
        Location at = node.location();
        List<Token> args = node.args();
        boolean isBlock = spec.kind() == Kind.BLOCK || spec.kind() == Kind.LIST;
        if (isBlock != node.hasBlock()) {
            sink.error(at, isBlock ? name + " needs a { block }" : name + " does not take a { block }");
            return false;
        }
        if (isBlock) {
            return switch (spec.blockArgs()) {
                case "name" ->
                    expect(args.size() == 1, at, name + (args.isEmpty() ? " needs a name" : " takes one name"));
                case "any" -> expect(!args.isEmpty(), at, name + " needs arguments");
                default -> expect(args.isEmpty(), at, name + " takes no argument");
            };
        }
        String first = args.isEmpty() ? null : args.get(0).text();
        return switch (spec.kind()) {
            case FLAG ->
                args.isEmpty()
                        || (expect(args.size() == 1, at, name + " takes at most one argument")
                                && expect(
                                        bool(first) != null, at, name + " " + first + " is not a boolean (true/false)")
                                && keepalivedBoolean(name, first, at));
            case WORD ->
                expect(args.size() == 1, at, name + (args.isEmpty() ? " needs an argument" : " takes one argument"));
            case TEXT -> expect(!args.isEmpty(), at, name + " needs an argument");
            case OPT -> true;
            case IP ->
                oneArg(name, args, at)
                        && expect(IpAddresses.isAddress(first), at, name + " " + first + " is not an IP address");
            case ENUM ->
                oneArg(name, args, at)
                        && expect(
                                choice(spec, first) != null,
                                at,
                                name + " " + first + " is not one of "
                                        + spec.p1().replace("|", ", "));
            case INT -> oneArg(name, args, at) && integerInRange(name, first, spec, at);
            case SECS, MS -> oneArg(name, args, at) && durationInRange(name, first, spec, at);
            default -> true;
        };
    }

    /** 1, 0, True, ON...: read as meant, with keepalived's complaint (it rejects them and ignores the line). */
    private boolean keepalivedBoolean(String name, String value, Location at) {
        if (!KEEPALIVED_BOOLEANS.contains(value)) {
            sink.warning(
                    at,
                    name + " " + value + ": keepalived takes only true, false, yes, no, on or off (lowercase)"
                            + " and ignores this line");
        }
        return true;
    }

    private boolean oneArg(String name, List<Token> args, Location at) {
        if (args.isEmpty()) {
            sink.error(at, name + " needs a value");
            return false;
        }
        return expect(args.size() == 1, at, name + " takes one value");
    }

    private boolean expect(boolean ok, Location at, String message) {
        if (!ok) {
            sink.error(at, message);
        }
        return ok;
    }

    private boolean integerInRange(String name, String text, Keyword spec, Location at) {
        Long v = Numbers.parseLong(text);
        if (v == null) {
            sink.error(at, name + " " + text + " is not an integer");
            return false;
        }
        BigDecimal value = BigDecimal.valueOf(v);
        if (!withinSpec(value, spec) || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            sink.error(at, name + " " + text + " out of range " + range(spec));
            return false;
        }
        return true;
    }

    private boolean durationInRange(String name, String text, Keyword spec, Location at) {
        BigDecimal v = Numbers.parseDecimal(text);
        if (v == null) {
            sink.error(at, name + " " + text + " is not a number");
            return false;
        }
        if (!withinSpec(v, spec) || v.compareTo(Numbers.MAX_SECONDS) > 0) {
            sink.error(at, name + " " + text + " out of range " + range(spec));
            return false;
        }
        return true;
    }

    /** Whether the value is within the keyword table's bounds (either may be open). */
    private static boolean withinSpec(BigDecimal v, Keyword spec) {
        return (spec.low() == null || v.compareTo(spec.low()) >= 0)
                && (spec.high() == null || v.compareTo(spec.high()) <= 0);
    }

    private static String range(Keyword spec) {
        if ("*".equals(spec.p2())) {
            return spec.p1() + " or more";
        }
        return spec.p1() + "-" + spec.p2();
    }

    private static String choice(Keyword spec, String text) {
        for (String c : spec.p1().split("\\|")) {
            if (c.equalsIgnoreCase(text)) {
                return c;
            }
        }
        return null;
    }

    private static Boolean bool(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return TRUE.contains(t) ? Boolean.TRUE : FALSE.contains(t) ? Boolean.FALSE : null;
    }

    // ---- typed access, by canonical keyword ----

    /** The last valid statement with this keyword, or null. */
    public ConfigNode node(String keyword) {
        List<ConfigNode> list = all(keyword);
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }

    /** Every valid statement with this keyword, in order. */
    public List<ConfigNode> all(String keyword) {
        Values v = find(keyword);
        if (v == null) {
            return List.of();
        }
        v.read = true;
        return v.nodes;
    }

    public boolean has(String keyword) {
        return find(keyword) != null;
    }

    /** The lines of every block with this keyword (list blocks given twice add up). */
    public List<ConfigNode> lines(String keyword) {
        return all(keyword).stream().flatMap(n -> n.children().stream()).toList();
    }

    /** The last valid statement with this keyword without marking it read (it stays in {@link #rest()}); null when absent. */
    public ConfigNode peekNode(String keyword) {
        Values v = find(keyword);
        return v == null ? null : v.nodes.get(v.nodes.size() - 1);
    }

    /** The arguments of {@link #peekNode}; empty when absent. */
    public List<String> peekWords(String keyword) {
        ConfigNode n = peekNode(keyword);
        return n == null ? List.of() : n.args().stream().map(Token::text).toList();
    }

    /** A FLAG keyword's value without marking it read (it stays in {@link #rest()}); null when absent. */
    public Boolean peekFlag(String keyword) {
        Values v = find(keyword);
        if (v == null) {
            return null;
        }
        ConfigNode n = v.nodes.get(v.nodes.size() - 1);
        return n.args().isEmpty() || Boolean.TRUE.equals(bool(n.args().get(0).text()));
    }

    /**
     * A FLAG keyword that may be switched off explicitly (smtp_alert): null when absent, true for
     * the bare keyword, else its value (the table already rejected values that are not booleans).
     */
    public Boolean optionalFlag(String keyword) {
        ConfigNode n = node(keyword);
        if (n == null) {
            return null;
        }
        return n.args().isEmpty() || Boolean.TRUE.equals(bool(n.args().get(0).text()));
    }

    public boolean flag(String keyword) {
        ConfigNode n = node(keyword);
        return n != null
                && (n.args().isEmpty()
                        || Boolean.TRUE.equals(bool(n.args().get(0).text())));
    }

    public String word(String keyword, String otherwise) {
        ConfigNode n = node(keyword);
        return n == null || n.args().isEmpty() ? otherwise : n.args().get(0).text();
    }

    /** All arguments joined with a space. */
    public String text(String keyword, String otherwise) {
        ConfigNode n = node(keyword);
        return n == null || n.args().isEmpty() ? otherwise : n.argsText();
    }

    public List<String> words(String keyword) {
        ConfigNode n = node(keyword);
        return n == null ? List.of() : n.args().stream().map(Token::text).toList();
    }

    public int integer(String keyword, int otherwise) {
        ConfigNode n = node(keyword);
        return n == null ? otherwise : Numbers.parseLong(n.args().get(0).text()).intValue();
    }

    public Integer integerOrNull(String keyword) {
        ConfigNode n = node(keyword);
        return n == null ? null : Numbers.parseLong(n.args().get(0).text()).intValue();
    }

    /** A SECS or MS keyword as a Duration (microsecond resolution). */
    public Duration duration(String keyword, Duration otherwise) {
        ConfigNode n = node(keyword);
        if (n == null) {
            return otherwise;
        }
        BigDecimal v = Numbers.parseDecimal(n.args().get(0).text());
        boolean millis = section.get(keyword).kind() == Kind.MS;
        return Numbers.micros(millis ? v.movePointLeft(3) : v);
    }

    public InetAddress ip(String keyword) {
        ConfigNode n = node(keyword);
        return n == null ? null : IpAddresses.parse(n.args().get(0).text());
    }

    /** An ENUM keyword in the table's spelling. */
    public String choice(String keyword, String otherwise) {
        ConfigNode n = node(keyword);
        return n == null
                ? otherwise
                : choice(section.get(keyword), n.args().get(0).text());
    }

    public List<ConfigNode> checkers() {
        return checkers;
    }

    /** Keywords present that no typed getter read, kept verbatim (blocks as their lines). */
    public Settings rest() {
        Map<String, String> rest = null;
        for (Values v : values) {
            if (!v.read) {
                if (rest == null) {
                    rest = new LinkedHashMap<>();
                }
                ConfigNode n = v.nodes.get(v.nodes.size() - 1);
                rest.put(v.keyword, n.hasBlock() ? blockText(n) : n.argsText());
            }
        }
        return rest == null ? Settings.EMPTY : Settings.of(rest);
    }

    private static String blockText(ConfigNode n) {
        String head = n.args().isEmpty() ? "" : n.argsText() + " ";
        return head + n.children().stream().map(BlockReader::lineText).collect(Collectors.joining("\n", "{\n", "\n}"));
    }

    private static String lineText(ConfigNode n) {
        String line = n.name() + (n.args().isEmpty() ? "" : " " + n.argsText());
        return n.hasBlock() ? n.name() + " " + blockText(n) : line;
    }
}
