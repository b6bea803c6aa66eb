package org.keepalivedj.config;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.keepalivedj.config.KeywordTable.Keyword;
import org.keepalivedj.config.KeywordTable.Kind;

/**
 * Mutated keepalived.conf files for DifferentialTest, made from seed files by fixed rules and a fixed
 * random seed (the same seeds give the same corpus). Each mutant changes one thing and says what:
 * its kind (range-high+1, unknown-device, dup-vrid, ...), the keyword it touched and, for a
 * single-value change, the line (1-based) of that value.
 */
final class MutationCorpus {
    /** One mutated file. line: the changed value's line for a single-value mutation, else 0. */
    record Mutant(String name, String seed, String kind, String keyword, int line, String text) {
        boolean singleValue() {
            return line > 0;
        }
    }

    /** A seed: its file name and its lines. */
    record Seed(String name, List<String> lines) {}

    /** One keyword line of a seed, with the block it sits in (section null: inside a list block whose owner is listOwner). */
    private record Site(int index, String section, String listOwner, List<String> tokens, Keyword spec) {
        String keyword() {
            return tokens.get(0);
        }
    }

    private record Frame(String section, String owner) {}

    /** A block's opening line and closing line (indexes), with the block's section. */
    private record Block(int open, int close, String section, String name) {}

    static final String UNKNOWN_DEV = "nosuchdev0";
    private static final Set<String> ADDRESS_LISTS =
            Set.of("virtual_ipaddress", "virtual_ipaddress_excluded", "static_ipaddress");
    private static final Set<String> ROUTE_LISTS = Set.of("virtual_routes", "static_routes");
    private static final Set<String> RULE_LISTS = Set.of("virtual_rules", "static_rules");
    private static final Set<String> SCRIPT_KEYWORDS =
            Set.of("script", "misc_path", "quorum_up", "quorum_down", "startup_script", "shutdown_script");

    private final KeywordTable table = KeywordTable.standard();
    private final Random random = new Random(20261206L);
    private final List<Mutant> out = new ArrayList<>();
    private final Map<String, Integer> perKey = new LinkedHashMap<>();
    private final int maxPerKey;

    private MutationCorpus(int maxPerKey) {
        this.maxPerKey = maxPerKey;
    }

    /**
     * The corpus: each seed unchanged, then its mutants. The same (kind, keyword) is kept at most
     * maxPerKey times over all seeds (the first ones met), so that common lines do not crowd out rare
     * ones. Numeric keywords that no seed uses are inserted into a block of their section.
     */
    static List<Mutant> build(List<Seed> seeds, int maxPerKey) {
        MutationCorpus c = new MutationCorpus(maxPerKey);
        Map<String, Object[]> hosts = new LinkedHashMap<>();
        Set<String> used = new java.util.HashSet<>();
        for (Seed seed : seeds) {
            c.out.add(new Mutant(
                    seed.name() + "~seed", seed.name(), "none", "", 0, String.join("\n", seed.lines()) + "\n"));
            List<Site> sites = c.sites(seed.lines());
            List<Block> blocks = c.blocks(seed.lines(), sites);
            for (Site s : sites) {
                c.mutateSite(seed, s);
                if (s.section() != null) {
                    used.add(s.section() + "/" + s.keyword());
                }
            }
            for (Block b : blocks) {
                hosts.putIfAbsent(b.section(), new Object[] {seed, b});
            }
            c.mutateBlocks(seed, blocks);
            c.mutateBraces(seed, blocks);
        }
        c.insertUnusedNumerics(hosts, used);
        c.insertUnknownUser(hosts);
        return c.out;
    }

    // ---- reading a seed -------------------------------------------------------------------------

    static List<String> tokens(String line) {
        List<String> t = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char ch = line.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '!' || ch == '#') {
                break;
            } else if (ch == '"') {
                int end = line.indexOf('"', i + 1);
                end = end < 0 ? line.length() : end + 1;
                t.add(line.substring(i, end));
                i = end;
            } else {
                int end = i;
                while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                t.add(line.substring(i, end));
                i = end;
            }
        }
        return t;
    }

    private List<Site> sites(List<String> lines) {
        List<Site> sites = new ArrayList<>();
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame("root", null));
        Frame pending = null;
        for (int i = 0; i < lines.size(); i++) {
            List<String> t = tokens(lines.get(i));
            if (t.isEmpty() || t.get(0).startsWith("@") || t.get(0).equals("include")) {
                continue;
            }
            Frame here = stack.peek();
            Frame child = null;
            if (!t.get(0).equals("{") && !t.get(0).equals("}")) {
                Keyword spec = here.section() == null ? null : lookup(here.section(), t.get(0));
                sites.add(new Site(i, here.section(), here.owner(), t, spec));
                if (spec != null && (spec.kind() == Kind.BLOCK || spec.kind() == Kind.CHECKER)) {
                    String section = spec.kind() == Kind.BLOCK ? spec.p1() : t.get(0);
                    child = new Frame(table.sections().containsKey(section) ? section : null, t.get(0));
                } else {
                    child = new Frame(null, t.get(0));
                }
            } else if (t.get(0).equals("{")) {
                child = pending;
            }
            boolean opened = false;
            for (String tok : t) {
                if (tok.equals("{")) {
                    stack.push(child == null ? new Frame(null, null) : child);
                    opened = true;
                } else if (tok.equals("}") && stack.size() > 1) {
                    stack.pop();
                }
            }
            pending = opened ? null : child;
        }
        return sites;
    }

    private Keyword lookup(String section, String keyword) {
        Keyword k = table.section(section).get(keyword);
        if (k != null && (k.kind() == Kind.ALIAS || k.kind() == Kind.SAME)) {
            Keyword target = table.section(section).get(k.p1());
            return target == null ? k : target;
        }
        return k;
    }

    /** Blocks opened on a keyword line ("name ... {"), with their closing line. */
    private List<Block> blocks(List<String> lines, List<Site> sites) {
        List<Block> blocks = new ArrayList<>();
        for (Site s : sites) {
            if (!s.tokens().contains("{") || s.spec() == null) {
                continue;
            }
            int depth = 0;
            for (int i = s.index(); i < lines.size(); i++) {
                for (String tok : tokens(lines.get(i))) {
                    depth += tok.equals("{") ? 1 : tok.equals("}") ? -1 : 0;
                }
                if (depth == 0) {
                    String section = s.spec().kind() == Kind.BLOCK
                            ? s.spec().p1()
                            : s.spec().kind() == Kind.CHECKER ? s.keyword() : null;
                    if (section != null && table.sections().containsKey(section)) {
                        blocks.add(new Block(
                                s.index(),
                                i,
                                section,
                                s.tokens().size() > 2 ? s.tokens().get(1) : ""));
                    }
                    break;
                }
            }
        }
        return blocks;
    }

    // ---- making mutants -------------------------------------------------------------------------

    private void add(Seed seed, String kind, String keyword, int line, List<String> lines) {
        String key = kind + "/" + keyword;
        int n = perKey.merge(key, 1, Integer::sum);
        if (n > maxPerKey) {
            return;
        }
        String name = String.format("%04d-%s-%s-%s", out.size(), seed.name(), kind, keyword.isEmpty() ? "x" : keyword)
                .replaceAll("[^A-Za-z0-9._+-]", "_");
        out.add(new Mutant(name, seed.name(), kind, keyword, line, String.join("\n", lines) + "\n"));
    }

    /** The seed with line index replaced by the tokens, kept at its indentation. */
    private static List<String> withLine(List<String> lines, int index, List<String> tokens) {
        List<String> copy = new ArrayList<>(lines);
        String old = lines.get(index);
        String indent = old.substring(0, old.length() - old.stripLeading().length());
        copy.set(index, indent + String.join(" ", tokens));
        return copy;
    }

    private static List<String> with(List<String> tokens, int at, String value) {
        List<String> t = new ArrayList<>(tokens);
        if (at < t.size()) {
            t.set(at, value);
        } else {
            t.add(value);
        }
        return t;
    }

    private static List<String> plus(List<String> tokens, String... more) {
        List<String> t = new ArrayList<>(tokens);
        t.addAll(List.of(more));
        return t;
    }

    private void single(Seed seed, Site s, String kind, List<String> newTokens) {
        add(seed, kind, s.keyword(), s.index() + 1, withLine(seed.lines(), s.index(), newTokens));
    }

    private void mutateSite(Seed seed, Site s) {
        List<String> t = s.tokens();
        if (s.section() == null) {
            mutateListLine(seed, s);
            return;
        }
        Keyword spec = s.spec();
        if (spec == null || t.contains("{")) {
            return;
        }
        String k = s.keyword();
        switch (spec.kind()) {
            case INT, SECS, MS -> {
                if (t.size() == 2) {
                    numericValues(spec).forEach((kind, value) -> single(seed, s, kind, with(t, 1, value)));
                }
            }
            case ENUM, IP -> single(seed, s, "wrong-type-number", with(t, 1, "12345"));
            case FLAG -> {
                for (String odd : List.of("maybe", "1", "True")) {
                    single(seed, s, "flag-odd-" + odd, with(t, 1, odd));
                }
            }
            default -> {}
        }
        if ((k.equals("interface") || k.equals("bind_if") || k.equals("default_interface")) && t.size() == 2) {
            single(seed, s, "unknown-device", with(t, 1, UNKNOWN_DEV));
        }
        if (t.size() >= 2
                && (SCRIPT_KEYWORDS.contains(k)
                        || (k.startsWith("notify") && !k.contains("fifo"))
                        || k.endsWith("_script"))
                && (spec.kind() == Kind.TEXT || spec.kind() == Kind.WORD)) {
            single(seed, s, "unknown-script", List.of(k, "/nonexistent/keepalivedj-script"));
        }
        if (k.equals("virtual_router_id") || k.equals("interface")) {
            List<String> lines = new ArrayList<>(seed.lines());
            lines.set(s.index(), "");
            add(seed, "remove-" + k, k, 0, lines);
        }
    }

    private void mutateListLine(Seed seed, Site s) {
        List<String> t = s.tokens();
        String owner = s.listOwner() == null ? "" : s.listOwner();
        if (ADDRESS_LISTS.contains(owner)) {
            String addr = t.get(0);
            boolean v6 = addr.contains(":");
            int dev = t.indexOf("dev");
            List<String> base = stripOption(stripOption(stripOption(t, "scope"), "label"), "brd");
            singleList(seed, s, owner, "addr-bad-scope", plus(base, "scope", "nowhere"));
            singleList(seed, s, owner, "addr-label-too-long", plus(base, "label", "eth0:labeltoolong"));
            singleList(seed, s, owner, "addr-brd-family", plus(base, "brd", v6 ? "192.0.2.255" : "2001:db8::ff"));
            String host = addr.contains("/") ? addr.substring(0, addr.indexOf('/')) : addr;
            singleList(seed, s, owner, "addr-prefix-length", with(t, 0, host + (v6 ? "/129" : "/33")));
            singleList(
                    seed,
                    s,
                    owner,
                    "unknown-device",
                    dev >= 0 && dev + 1 < t.size() ? with(t, dev + 1, UNKNOWN_DEV) : plus(t, "dev", UNKNOWN_DEV));
        } else if (ROUTE_LISTS.contains(owner)) {
            int table = t.indexOf("table");
            singleList(
                    seed,
                    s,
                    owner,
                    "unknown-table",
                    table >= 0 && table + 1 < t.size()
                            ? with(t, table + 1, "nosuchtable")
                            : plus(t, "table", "nosuchtable"));
            int dev = t.indexOf("dev");
            if (dev >= 0 && dev + 1 < t.size()) {
                singleList(seed, s, owner, "unknown-device", with(t, dev + 1, UNKNOWN_DEV));
            }
        } else if (RULE_LISTS.contains(owner)) {
            int table = t.indexOf("table") >= 0 ? t.indexOf("table") : t.indexOf("lookup");
            if (table >= 0 && table + 1 < t.size()) {
                singleList(seed, s, owner, "unknown-table", with(t, table + 1, "nosuchtable"));
            }
        } else if (owner.equals("track_interface") && t.size() >= 1) {
            singleList(seed, s, owner, "unknown-device", with(t, 0, UNKNOWN_DEV));
        } else if (owner.equals("track_script") && t.size() >= 1) {
            singleList(seed, s, owner, "unknown-script-name", with(t, 0, "no_such_script"));
        }
    }

    private void singleList(Seed seed, Site s, String owner, String kind, List<String> newTokens) {
        add(seed, kind, owner, s.index() + 1, withLine(seed.lines(), s.index(), newTokens));
    }

    private static List<String> stripOption(List<String> t, String option) {
        int at = t.indexOf(option);
        if (at < 0) {
            return t;
        }
        List<String> copy = new ArrayList<>(t);
        copy.remove(at);
        if (at < copy.size()) {
            copy.remove(at);
        }
        return copy;
    }

    /** The values to try for a numeric keyword: a word, each bound, each bound one past, and far out. */
    private static Map<String, String> numericValues(Keyword spec) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("wrong-type-word", "abc");
        if (spec.low() != null) {
            v.put("range-low", plain(spec.low()));
            v.put("range-low-1", plain(spec.low().subtract(BigDecimal.ONE)));
        }
        v.put("range-far-low", "-99999999");
        if (spec.high() != null) {
            v.put("range-high", plain(spec.high()));
            v.put("range-high+1", plain(spec.high().add(BigDecimal.ONE)));
        }
        v.put("range-far-high", "99999999999999");
        return v;
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    private void mutateBlocks(Seed seed, List<Block> blocks) {
        for (Block b : blocks) {
            if (!b.section().equals("vrrp_instance")) {
                continue;
            }
            List<String> body = seed.lines().subList(b.open(), b.close() + 1);
            String renamed = "VI_DUP_" + out.size();
            List<String> sameName = new ArrayList<>(seed.lines());
            sameName.addAll(b.close() + 1, changeVrid(body, "254"));
            add(seed, "dup-instance-name", "vrrp_instance", 0, sameName);
            List<String> sameVrid = new ArrayList<>(seed.lines());
            List<String> copy = new ArrayList<>(body);
            copy.set(0, copy.get(0).replaceFirst("vrrp_instance\\s+\\S+", "vrrp_instance " + renamed));
            sameVrid.addAll(b.close() + 1, copy);
            add(seed, "dup-vrid", "vrrp_instance", 0, sameVrid);
        }
    }

    private static List<String> changeVrid(List<String> body, String vrid) {
        List<String> copy = new ArrayList<>();
        for (String line : body) {
            copy.add(line.replaceFirst("^(\\s*virtual_router_id\\s+)\\S+", "$1" + vrid));
        }
        return copy;
    }

    /** Braces: one missing, one extra, an opening one missing; and an unknown keyword in a block. */
    private void mutateBraces(Seed seed, List<Block> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        for (int n = 0; n < 2; n++) {
            Block b = blocks.get(random.nextInt(blocks.size()));
            List<String> lines = new ArrayList<>(seed.lines());
            if (tokens(lines.get(b.close())).equals(List.of("}"))) {
                lines.set(b.close(), "");
                add(seed, "missing-close-brace", b.section(), 0, lines);
            }
            lines = new ArrayList<>(seed.lines());
            lines.add(b.close() + 1, "}");
            add(seed, "extra-close-brace", b.section(), 0, lines);
            lines = new ArrayList<>(seed.lines());
            lines.set(b.open(), lines.get(b.open()).replaceFirst("\\{\\s*$", ""));
            add(seed, "missing-open-brace", b.section(), 0, lines);
            lines = new ArrayList<>(seed.lines());
            lines.add(b.open() + 1, "    no_such_keyword 1");
            add(seed, "unknown-keyword", b.section(), b.open() + 2, lines);
        }
    }

    /** A script_user that does not exist (seeds have no user lines: see DifferentialTest.corpus). */
    private void insertUnknownUser(Map<String, Object[]> hosts) {
        Object[] host = hosts.get("global_defs");
        if (host != null) {
            Seed seed = (Seed) host[0];
            Block b = (Block) host[1];
            List<String> lines = new ArrayList<>(seed.lines());
            lines.add(b.open() + 1, "    script_user nosuchuser");
            add(seed, "unknown-user", "script_user", b.open() + 2, lines);
        }
    }

    /** Each numeric keyword no seed uses, inserted at the top of the first block of its section met in the seeds. */
    private void insertUnusedNumerics(Map<String, Object[]> hosts, Set<String> used) {
        for (var section : table.sections().values()) {
            Object[] host = hosts.get(section.name());
            if (host == null) {
                continue;
            }
            Seed seed = (Seed) host[0];
            Block b = (Block) host[1];
            for (Keyword k : section.keywords().values()) {
                if (used.contains(section.name() + "/" + k.name())
                        || !(k.kind() == Kind.INT || k.kind() == Kind.SECS || k.kind() == Kind.MS)) {
                    continue;
                }
                numericValues(k).forEach((kind, value) -> {
                    List<String> lines = new ArrayList<>(seed.lines());
                    lines.add(b.open() + 1, "    " + k.name() + " " + value);
                    add(seed, kind, k.name(), b.open() + 2, lines);
                });
            }
        }
    }
}
