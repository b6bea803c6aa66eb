package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.config.KnownDifferences.Verdict;
import org.keepalivedj.config.MutationCorpus.Mutant;
import org.keepalivedj.config.MutationCorpus.Seed;

/**
 * keepalived's {@code -t} against ConfigTool on a corpus of mutated configs (MutationCorpus, from
 * keepalived's samples and our own configs). keepalived runs as root in a network namespace made
 * here with the interfaces the samples name (eth0-eth3 as veth pairs, eth0.1 as a macvlan: this
 * kernel has no 8021q and no dummy); ConfigTool runs in this JVM with those interfaces injected. Their
 * verdict classes must agree, except where docs/keywords.md's "Known differences from keepalived's
 * -t" (t-differences.table) says why not. The agreement table and every disagreement go to
 * target/differential-t.txt.
 */
class DifferentialTest {
    private static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");
    private static final Set<String> LAB_LINKS = Set.of("lo", "eth0", "eth1", "eth2", "eth3", "eth0.1");
    private static final Path REPORT = Path.of("target/differential-t.txt");
    /** The same (mutation, keyword) at most this often over all seeds. */
    private static final int MAX_PER_KEY = 2;

    /** One file's outcome on both sides. */
    private record Outcome(Mutant mutant, int ourCode, String ours, int theirCode, String theirs) {
        Verdict ourVerdict() {
            return Verdict.ofOurs(ourCode);
        }

        Verdict theirVerdict() {
            return Verdict.ofKeepalived(theirCode);
        }
    }

    /**
     * The seeds' lines with every {@code user} and {@code script_user} line blanked: keepalived 2.2.7's
     * -t kills itself (SIGTERM, exit 143) on any config naming a user that exists for a script, so a
     * seed with one would make every mutant of it a crash and compare nothing. (An unknown user is
     * still tried: MutationCorpus inserts one.)
     */
    static List<Mutant> corpus() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (Path f : Samples.files(Samples.KEEPALIVED_SAMPLES)) {
            seeds.add(seed(f));
        }
        for (Path f : Samples.files(Samples.OWN)) {
            if (f.toString().endsWith(".conf")) {
                seeds.add(seed(f));
            }
        }
        return MutationCorpus.build(seeds, MAX_PER_KEY);
    }

    private static Seed seed(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                .map(l -> l.matches("\\s*(user|script_user)\\s.*") ? "" : l)
                .toList();
        return new Seed(f.getFileName().toString(), lines);
    }

    @Test
    void corpusIsLargeAndVaried() throws IOException {
        List<Mutant> corpus = corpus();
        assertTrue(corpus.size() >= 1000, "only " + corpus.size() + " mutants");
        Set<String> kinds = new java.util.TreeSet<>();
        corpus.forEach(m -> kinds.add(m.kind()));
        for (String kind : List.of(
                "wrong-type-word",
                "wrong-type-number",
                "range-high+1",
                "range-low-1",
                "range-far-high",
                "unknown-device",
                "unknown-table",
                "unknown-script",
                "unknown-user",
                "addr-bad-scope",
                "addr-label-too-long",
                "addr-brd-family",
                "addr-prefix-length",
                "missing-close-brace",
                "extra-close-brace",
                "dup-instance-name",
                "dup-vrid",
                "unknown-keyword",
                "remove-virtual_router_id",
                "remove-interface",
                "flag-odd-maybe")) {
            assertTrue(kinds.contains(kind), "no mutant of kind " + kind + " in " + kinds);
        }
        assertEquals(
                corpus.stream().map(Mutant::text).toList(),
                corpus().stream().map(Mutant::text).toList(),
                "the corpus is not deterministic");
    }

    @Test
    void keepalivedAndConfigToolAgree(@TempDir Path tmp) throws Exception {
        long started = System.nanoTime();
        List<Mutant> corpus = corpus();
        Path dir = Files.createDirectories(tmp.resolve("corpus"));
        copyIncludes(dir);
        List<Path> files = new ArrayList<>();
        for (Mutant m : corpus) {
            files.add(Files.writeString(dir.resolve(m.name() + ".conf"), m.text(), StandardCharsets.UTF_8));
        }
        boolean keepalived = Files.isExecutable(KEEPALIVED) && "root".equals(System.getProperty("user.name"));
        List<Outcome> outcomes = new ArrayList<>();
        long oursSeconds;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        LabNamespace ns = keepalived ? LabNamespace.create() : null;
        try {
            // keepalived in the background (it mostly waits), ConfigTool meanwhile in this thread
            List<Future<String[]>> theirs = new ArrayList<>();
            for (Path f : keepalived ? files : List.<Path>of()) {
                theirs.add(pool.submit(() -> ns.keepalivedCheck(f, tmp)));
            }
            long oursStarted = System.nanoTime();
            List<String> ours = new ArrayList<>();
            List<Integer> ourCodes = new ArrayList<>();
            for (Path f : files) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = new ConfigTool(
                                new PrintStream(OutputStream.nullOutputStream()),
                                new PrintStream(err, true, StandardCharsets.UTF_8),
                                LAB_LINKS::contains,
                                HostUsers.SYSTEM)
                        .run("check", f.toString());
                String text = err.toString(StandardCharsets.UTF_8);
                assertTrue(!text.contains("internal error"), f + ": " + text);
                ours.add(text);
                ourCodes.add(code);
            }
            oursSeconds = (System.nanoTime() - oursStarted) / 1_000_000_000;
            assumeTrue(
                    Files.isExecutable(KEEPALIVED),
                    "keepalived is not installed (" + KEEPALIVED + "): only ConfigTool was run");
            assumeTrue(
                    keepalived,
                    "not root: keepalived -t cannot run in a network namespace of ours; only ConfigTool was run");
            String prefix = dir + "/";
            for (int i = 0; i < files.size(); i++) {
                String[] r = theirs.get(i).get(60, TimeUnit.SECONDS);
                outcomes.add(new Outcome(
                        corpus.get(i),
                        ourCodes.get(i),
                        ours.get(i).replace(prefix, ""),
                        Integer.parseInt(r[0]),
                        r[1].replace(prefix, "")));
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            if (ns != null) {
                ns.close();
            }
        }
        KnownDifferences known = KnownDifferences.standard();
        Map<String, Outcome> seeds = new TreeMap<>();
        outcomes.stream()
                .filter(o -> o.mutant().kind().equals("none"))
                .forEach(o -> seeds.put(o.mutant().seed(), o));

        List<String> undocumented = new ArrayList<>();
        List<String> report = new ArrayList<>();
        Map<String, Integer> table = new TreeMap<>();
        Map<String, int[]> byKind = new TreeMap<>();
        for (Outcome o : outcomes) {
            Mutant m = o.mutant();
            table.merge(o.theirVerdict() + " / " + o.ourVerdict(), 1, Integer::sum);
            byKind.computeIfAbsent(m.kind(), k -> new int[2])[o.theirVerdict() == o.ourVerdict() ? 0 : 1]++;
            String problem = null;
            Outcome seed = seeds.get(m.seed());
            boolean flaggedValue = m.singleValue()
                    && seed.theirVerdict() == Verdict.FINE
                    && o.theirVerdict() != Verdict.FINE
                    && o.ourVerdict() != Verdict.FINE;
            if (flaggedValue && !o.ours().contains(m.name() + ".conf:" + m.line() + ":")) {
                problem = "ours does not name " + m.name() + ".conf:" + m.line();
            } else if (o.theirVerdict() != o.ourVerdict()) {
                problem = "verdicts differ";
            }
            if (problem == null) {
                continue;
            }
            // the same disagreement as its seed's: the seed's (a row of kind none names the seed)
            boolean asSeed = o.theirVerdict() == seed.theirVerdict()
                    && o.ourVerdict() == seed.ourVerdict()
                    && problem.equals("verdicts differ");
            String why = asSeed
                    ? known.why("none", m.seed(), o.theirVerdict(), o.ourVerdict())
                    : problem.startsWith("ours does not name")
                            ? known.why("other-line", m.keyword(), o.theirVerdict(), o.ourVerdict())
                            : known.why(m.kind(), m.keyword(), o.theirVerdict(), o.ourVerdict());
            if (asSeed) {
                problem += " as in its seed";
            }
            String entry = String.format(
                    "%s  [%s %s line %d] keepalived %d (%s) / ours %d (%s): %s%s%n    keepalived: %s%n    ours:       %s",
                    m.name(),
                    m.kind(),
                    m.keyword(),
                    m.line(),
                    o.theirCode(),
                    o.theirVerdict(),
                    o.ourCode(),
                    o.ourVerdict(),
                    problem,
                    why == null ? "  UNDOCUMENTED" : "  (known: " + why + ")",
                    firstLines(o.theirs()),
                    firstLines(o.ours()));
            report.add(entry);
            if (why == null) {
                undocumented.add(entry);
            }
        }
        StringBuilder text = new StringBuilder();
        text.append("keepalived -t against ConfigTool on ")
                .append(outcomes.size())
                .append(" files (")
                .append((System.nanoTime() - started) / 1_000_000_000)
                .append(" s, ConfigTool's part ")
                .append(oursSeconds)
                .append(" s)\n\nkeepalived / ours  count\n");
        table.forEach((k, v) -> text.append(String.format("%-28s %5d%n", k, v)));
        text.append("\nmutation: same class / other class\n");
        byKind.forEach((k, v) -> text.append(String.format("%-28s %5d %5d%n", k, v[0], v[1])));
        text.append("\n")
                .append(report.size())
                .append(" disagreements, ")
                .append(undocumented.size())
                .append(" undocumented\n\n");
        report.forEach(r -> text.append(r).append('\n'));
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, text, StandardCharsets.UTF_8);
        System.out.println(text.substring(0, text.indexOf(" disagreements, ")) + " disagreements");
        assertTrue(
                undocumented.isEmpty(),
                undocumented.size() + " disagreements not in docs/keywords.md's known differences" + " (see "
                        + REPORT.toAbsolutePath() + "):\n"
                        + String.join("\n", undocumented.subList(0, Math.min(20, undocumented.size()))));
    }

    private static String firstLines(String output) {
        return output.lines()
                .filter(l -> !l.isBlank())
                .limit(2)
                .reduce((a, b) -> a + " | " + b)
                .orElse("(nothing)");
    }

    private static void copyIncludes(Path dir) throws IOException {
        Path includes = Samples.OWN.resolve("includes");
        if (Files.isDirectory(includes)) {
            Files.createDirectories(dir.resolve("includes"));
            try (Stream<Path> s = Files.list(includes)) {
                for (Path f : s.toList()) {
                    Files.copy(f, dir.resolve("includes").resolve(f.getFileName()));
                }
            }
        }
    }

    /** A network namespace with the sample configs' interfaces, deleted on close. */
    private static final class LabNamespace implements AutoCloseable {
        private final String name;

        private LabNamespace(String name) {
            this.name = name;
        }

        static LabNamespace create() throws IOException, InterruptedException {
            LabNamespace ns =
                    new LabNamespace("kjdiff-" + ProcessHandle.current().pid());
            ip("netns", "add", ns.name);
            try {
                ip("-n", ns.name, "link", "add", "eth0", "type", "veth", "peer", "name", "eth1");
                ip("-n", ns.name, "link", "add", "eth2", "type", "veth", "peer", "name", "eth3");
                ip("-n", ns.name, "link", "add", "link", "eth0", "name", "eth0.1", "type", "macvlan");
                for (String link : List.of("lo", "eth0", "eth1", "eth2", "eth3", "eth0.1")) {
                    ip("-n", ns.name, "link", "set", link, "up");
                }
            } catch (IOException | RuntimeException e) {
                ns.close();
                throw e;
            }
            return ns;
        }

        /** keepalived -t on the file in this namespace: {exit code, output}. */
        String[] keepalivedCheck(Path file, Path tmp) throws IOException, InterruptedException {
            String base = file.getFileName().toString();
            Path output = tmp.resolve(base + ".out");
            Process p = new ProcessBuilder(
                            "ip",
                            "netns",
                            "exec",
                            name,
                            KEEPALIVED.toString(),
                            "-n",
                            "-l",
                            "-t",
                            "-f",
                            file.toString(),
                            "-p",
                            tmp.resolve(base + ".k.pid").toString(),
                            "-r",
                            tmp.resolve(base + ".v.pid").toString(),
                            "-c",
                            tmp.resolve(base + ".c.pid").toString())
                    .directory(file.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) { // it takes well under a second, unless it hangs
                p.destroyForcibly().waitFor();
                return new String[] {"-1", "(timed out)"};
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return new String[] {Integer.toString(p.exitValue()), text};
        }

        private static void ip(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("ip"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + ": " + text);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                ip("netns", "del", name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
