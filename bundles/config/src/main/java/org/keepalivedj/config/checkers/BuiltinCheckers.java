package org.keepalivedj.config.checkers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.config.BlockReader;
import org.keepalivedj.config.CheckerRegistry;
import org.keepalivedj.config.KeywordTable;
import org.keepalivedj.config.LvsTiming;
import org.keepalivedj.config.syntax.Escapes;

/**
 * The binders of every checker kind keepalived has: the one place a built-in kind's block becomes
 * its spec. They live here, not in the checker bundles, because the command line ({@code -t}, run
 * with the api and config jars only), the config's own validation (FILE_CHECK and BFD_CHECK
 * references) and the daemon while a kind's bundle is not installed all bind checker blocks
 * without the checker bundles. A checker bundle binds through {@link #bind}; running checks is its job.
 */
public final class BuiltinCheckers {
    private static final KeywordTable TABLE = KeywordTable.standard();

    private BuiltinCheckers() {}

    /** TCP_CHECK, HTTP_GET, SSL_GET, SMTP_CHECK, MISC_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK, FILE_CHECK, BFD_CHECK. */
    public static List<HealthCheckerFactory> factories() {
        return List.of(
                new Binder(Set.of("TCP_CHECK", "PING_CHECK"), BuiltinCheckers::simple),
                new Binder(Set.of("HTTP_GET", "SSL_GET"), BuiltinCheckers::http),
                new Binder(Set.of("SMTP_CHECK"), BuiltinCheckers::smtp),
                new Binder(Set.of("MISC_CHECK"), BuiltinCheckers::misc),
                new Binder(Set.of("DNS_CHECK"), BuiltinCheckers::dns),
                new Binder(Set.of("UDP_CHECK"), BuiltinCheckers::udp),
                new Binder(Set.of("FILE_CHECK"), BuiltinCheckers::file),
                new Binder(Set.of("BFD_CHECK"), BuiltinCheckers::bfd));
    }

    private static final CheckerRegistry REGISTRY = CheckerRegistry.of(factories());

    public static CheckerRegistry registry() {
        return REGISTRY;
    }

    /** Binds a block of any built-in kind (its keyword says which); the binder a checker bundle passes on. */
    public static CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return REGISTRY.find(block.name())
                .orElseThrow(() -> new IllegalArgumentException(block.name() + " is not a built-in checker kind"))
                .bind(block, sink);
    }

    /** A factory that binds blocks and cannot create checkers. */
    private record Binder(Set<String> keywords, BiFunction<ConfigNode, ProblemSink, CheckerSpec> binder)
            implements HealthCheckerFactory {
        @Override
        public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
            return binder.apply(block, prefixed(sink, block.name()));
        }

        @Override
        public HealthChecker create(CheckerSpec spec, CheckTarget target) {
            throw new UnsupportedOperationException("no checker bundle installed for " + spec.kind());
        }
    }

    private static ProblemSink prefixed(ProblemSink sink, String prefix) {
        return new ProblemSink() {
            @Override
            public void error(Location at, String message) {
                sink.error(at, prefix + ": " + message);
            }

            @Override
            public void warning(Location at, String message) {
                sink.warning(at, prefix + ": " + message);
            }

            @Override
            public void advisory(Location at, String message) {
                sink.advisory(at, message);
            }
        };
    }

    /** The keywords every checker block shares (connect_ip, connect_port, bindto, timing, ...). */
    public static CheckerSettings common(BlockReader r) {
        return new CheckerSettings(
                r.ip("connect_ip"),
                r.integer("connect_port", 0),
                r.ip("bindto"),
                r.integer("bind_port", 0),
                r.word("bind_if", null),
                r.integer("fwmark", 0),
                r.flag("alpha"),
                r.flag("log_all_failures"),
                LvsTiming.of(r));
    }

    private static BlockReader reader(ConfigNode block, String section, ProblemSink sink) {
        BlockReader r = BlockReader.of(block, TABLE.section(section), sink);
        if (r.ip("connect_ip") != null
                && r.ip("bindto") != null
                && IpAddresses.parse(r.word("connect_ip", null)).getClass()
                        != IpAddresses.parse(r.word("bindto", null)).getClass()) {
            sink.error(
                    r.node("bindto").location(),
                    "bindto " + r.word("bindto", null) + " and connect_ip " + r.word("connect_ip", null)
                            + " are of different families");
        }
        return r;
    }

    private static CheckerSpec simple(ConfigNode block, ProblemSink sink) {
        BlockReader r = reader(block, block.name(), sink);
        return new SimpleCheckSpec(block.name(), Origin.at(block.location()), common(r));
    }

    /**
     * A url block written on one line ({@code url { path /a status_code 200 }}) reads as one keyword,
     * path, whose arguments swallow the others: refused, where keepalived 2.2.7 silently takes path /a
     * and drops the rest. A regex's words are its pattern, never keywords.
     */
    private static void oneKeywordPerLine(ConfigNode url, ProblemSink sink) {
        KeywordTable.Section section = TABLE.section("url");
        for (ConfigNode n : url.children()) {
            if (n.name().equals("regex")) {
                continue;
            }
            for (Token arg : n.args()) {
                if (!arg.quoted() && section.get(arg.text()) != null) {
                    sink.error(
                            arg.location(),
                            arg.text() + " is a url keyword on the line of " + n.name() + ": a url block takes one"
                                    + " keyword per line, so write url { on its own line, then each keyword on a"
                                    + " line of its own, then }");
                    return;
                }
            }
        }
    }

    private static CheckerSpec http(ConfigNode block, ProblemSink sink) {
        BlockReader r = reader(block, block.name(), sink);
        List<HttpCheckSpec.Url> urls = new ArrayList<>();
        for (ConfigNode u : r.all("url")) {
            BlockReader ur = BlockReader.of(u, TABLE.section("url"), sink);
            oneKeywordPerLine(u, sink);
            String path = ur.text("path", null);
            if (path == null) {
                sink.error(u.location(), "url needs a path");
            }
            List<String> codes = ur.words("status_code");
            for (String code : codes) {
                if (!code.matches("[1-5]\\d\\d(-[1-5]\\d\\d)?")) {
                    sink.error(
                            ur.node("status_code").location(),
                            "status_code " + code + " is not an HTTP status or range");
                }
            }
            String digest = ur.word("digest", null);
            if (digest != null && !digest.matches("[0-9a-fA-F]{32}")) {
                sink.error(ur.node("digest").location(), "digest " + digest + " is not an MD5 digest (32 hex digits)");
            }
            String regex = ur.has("regex") ? Escapes.decodeAll(ur.text("regex", null)) : null;
            List<String> options =
                    ur.words("regex_options").stream().map(String::toLowerCase).toList();
            int minOffset = ur.integer("regex_min_offset", 0);
            Integer maxOffset = ur.integerOrNull("regex_max_offset");
            String regexProblem = UrlRegex.problem(regex, options, minOffset, maxOffset);
            if (regexProblem != null) {
                sink.error(regexLocation(ur, u), regexProblem);
            }
            regexStack(ur, sink);
            urls.add(new HttpCheckSpec.Url(
                    Origin.at(u.location()),
                    path,
                    digest == null ? null : digest.toLowerCase(),
                    codes,
                    ur.word("virtualhost", null),
                    regex,
                    ur.flag("regex_no_match"),
                    options,
                    minOffset,
                    maxOffset,
                    ur.flag("tls_compliant")));
        }
        if (urls.isEmpty()) {
            sink.error(block.location(), "no url given");
        }
        return new HttpCheckSpec(
                block.name(),
                Origin.at(block.location()),
                common(r),
                r.word("virtualhost", null),
                r.word("http_protocol", null),
                r.flag("enable_sni"),
                r.word("sni_name", null),
                r.flag("fast_recovery"),
                r.flag("tls_compliant"),
                urls);
    }

    /** Where a regex problem is reported: its options, else the regex, else the url block. */
    private static Location regexLocation(BlockReader ur, ConfigNode url) {
        for (String k : List.of("regex_options", "regex", "regex_min_offset")) {
            if (ur.has(k)) {
                return ur.node(k).location();
            }
        }
        return url.location();
    }

    /**
     * regex_stack START MAX sizes PCRE2's JIT stack; java.util.regex needs none (a pattern too deep
     * for the checker thread's stack fails its check with a message), so it is only checked.
     */
    private static void regexStack(BlockReader ur, ProblemSink sink) {
        if (!ur.has("regex_stack")) {
            return;
        }
        List<String> w = ur.words("regex_stack");
        Long start = w.size() == 2 ? parseLong(w.get(0)) : null;
        Long max = w.size() == 2 ? parseLong(w.get(1)) : null;
        if (start == null || max == null || start < 0 || max < start) {
            sink.error(
                    ur.node("regex_stack").location(),
                    "regex_stack " + String.join(" ", w) + " must be START MAX, two sizes in bytes with START <= MAX");
        }
    }

    private static CheckerSpec smtp(ConfigNode block, ProblemSink sink) {
        BlockReader r = reader(block, "SMTP_CHECK", sink);
        for (ConfigNode h : r.all("host")) {
            BlockReader.of(h, TABLE.section("smtp_host"), sink); // reports its errors; expand() made its checker
        }
        return new SmtpCheckSpec(Origin.at(block.location()), common(r), r.word("helo_name", null));
    }

    /** The shortest connect_timeout there is: keepalived 2.2.7's 0 s for a host block without one. */
    private static final String NO_TIME = "0.000001";

    /** What a host block of SMTP_CHECK keeps for its own checker; its other keywords apply to the whole block. */
    private static final Set<String> CONNECTION =
            Set.of("connect_ip", "connect_port", "bindto", "bind_port", "bind_if", "connect_timeout", "fwmark");

    /**
     * The checker blocks one block of a real server stands for: itself, except an SMTP_CHECK with
     * {@code host} blocks, keepalived's deprecated way of writing several SMTP checkers. keepalived
     * 2.2.7 runs the block's own dialogue (its connect_ip, else the real server) and one per host,
     * each with that host's connection keywords only (its connect_port defaults to the real
     * server's, not the block's); the server is up when all of them are. Timing keywords (retry,
     * delay_loop, ...) written in a host block apply to all of them, the last written winning. A
     * host without its own connect_timeout gets none in keepalived 2.2.7 (0 s: its dialogue times
     * out at once, as keepalived's does), with an advisory.
     */
    public static List<ConfigNode> expand(ConfigNode block, ProblemSink sink) {
        List<ConfigNode> hosts = block.children("host");
        if (!block.name().equals("SMTP_CHECK") || hosts.isEmpty()) {
            return List.of(block);
        }
        List<ConfigNode> shared = new ArrayList<>();
        List<ConfigNode> own = new ArrayList<>();
        for (ConfigNode c : block.children()) {
            if (c.name().equals("host")) {
                for (ConfigNode h : c.children()) {
                    if (h.name().equals("host")) {
                        // keepalived 2.2.7: "Unknown keyword 'host'" (a warning, -t exits 5)
                        sink.warning(h.location(), "SMTP_CHECK: unknown keyword host inside a host block, ignored");
                    } else if (!CONNECTION.contains(h.name())) {
                        shared.add(h);
                    }
                }
            } else if (CONNECTION.contains(c.name())) {
                own.add(c);
            } else {
                shared.add(c);
            }
        }
        List<ConfigNode> lastOfEach = lastOfEach(shared);
        List<ConfigNode> out = new ArrayList<>();
        out.add(smtpBlock(block.keyword(), block, own, lastOfEach));
        for (ConfigNode h : hosts) {
            List<ConfigNode> conn = new ArrayList<>(h.children().stream()
                    .filter(c -> CONNECTION.contains(c.name()))
                    .toList());
            if (h.child("connect_timeout").isEmpty()) {
                sink.advisory(
                        h.location(),
                        "SMTP_CHECK: host block without connect_timeout: keepalived 2.2.7 gives it 0 s, so its"
                                + " dialogue times out at once; write connect_timeout in the host block");
                conn.add(new ConfigNode(
                        new Token("connect_timeout", h.location()),
                        List.of(new Token(NO_TIME, h.location())),
                        List.of(),
                        false));
            }
            out.add(smtpBlock(new Token(block.name(), h.location()), block, conn, lastOfEach));
        }
        return out;
    }

    private static List<ConfigNode> lastOfEach(List<ConfigNode> nodes) {
        java.util.Map<String, ConfigNode> last = new java.util.LinkedHashMap<>();
        for (ConfigNode n : nodes) {
            last.remove(n.name());
            last.put(n.name(), n);
        }
        return List.copyOf(last.values());
    }

    private static ConfigNode smtpBlock(Token keyword, ConfigNode block, List<ConfigNode> conn, List<ConfigNode> rest) {
        List<ConfigNode> children = new ArrayList<>(conn);
        children.addAll(rest);
        return new ConfigNode(keyword, block.args(), children, true);
    }

    private static CheckerSpec misc(ConfigNode block, ProblemSink sink) {
        BlockReader r = reader(block, "MISC_CHECK", sink);
        String path = r.text("misc_path", null);
        if (path == null) {
            sink.error(block.location(), "misc_path missing");
        }
        return new MiscCheckSpec(
                Origin.at(block.location()),
                common(r),
                path,
                r.duration("misc_timeout", null),
                r.flag("misc_dynamic"),
                r.text("user", null));
    }

    private static CheckerSpec dns(ConfigNode block, ProblemSink sink) {
        BlockReader r = reader(block, "DNS_CHECK", sink);
        return new DnsCheckSpec(Origin.at(block.location()), common(r), r.choice("type", "SOA"), r.word("name", "."));
    }

    private static CheckerSpec udp(ConfigNode block, ProblemSink sink) {
        BlockReader r = reader(block, "UDP_CHECK", sink);
        String payload = r.text("payload", null);
        if (payload != null && !payload.replace(" ", "").matches("([0-9a-fA-F]{2})*")) {
            sink.error(r.node("payload").location(), "payload must be hex bytes");
        }
        int min = r.integer("min_reply_length", 0);
        int max = r.integer("max_reply_length", 0);
        if (max != 0 && min > max) {
            sink.error(
                    r.node("min_reply_length").location(),
                    "min_reply_length " + min + " is more than max_reply_length " + max);
        }
        List<String> reply = r.words("require_reply");
        return new UdpCheckSpec(
                Origin.at(block.location()),
                common(r),
                payload,
                r.has("require_reply"),
                reply.isEmpty() ? null : String.join(" ", reply),
                min,
                max);
    }

    private static CheckerSpec file(ConfigNode block, ProblemSink sink) {
        BlockReader r = BlockReader.of(block, TABLE.section("FILE_CHECK"), sink);
        String file = r.word("track_file", null);
        if (file == null) {
            sink.error(block.location(), "track_file missing");
        }
        List<String> w = r.words("weight");
        int weight = 1;
        boolean reverse = false;
        if (!w.isEmpty()) {
            Long v = parseLong(w.get(0));
            if (v == null || v < -254 || v > 254 || (w.size() > 1 && !w.get(1).equals("reverse")) || w.size() > 2) {
                sink.error(block.location(), "weight " + String.join(" ", w) + " must be -254..254 [reverse]");
            } else {
                weight = v.intValue();
                reverse = w.size() > 1;
            }
        }
        return new FileCheckSpec(Origin.at(block.location()), file, weight, reverse);
    }

    private static CheckerSpec bfd(ConfigNode block, ProblemSink sink) {
        BlockReader r = BlockReader.of(block, TABLE.section("BFD_CHECK"), sink);
        String name = r.word("name", null);
        if (name == null) {
            sink.error(block.location(), "name missing");
        }
        return new BfdCheckSpec(Origin.at(block.location()), name, r.flag("alpha"));
    }

    private static Long parseLong(String s) {
        return s.matches("-?\\d{1,9}") ? Long.valueOf(s) : null;
    }
}
