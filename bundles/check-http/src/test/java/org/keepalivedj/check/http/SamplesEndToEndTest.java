package org.keepalivedj.check.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.check.smtp.SmtpCheckFactory;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.lvs.EmbeddedLvs;
import org.keepalivedj.testsupport.Nginx;

/**
 * keepalived's own samples keepalived.conf.SMTP_CHECK and keepalived.conf.virtualhost, read from the
 * conformance directory, addresses rewritten into a loopback lab ({@code samples-e2e/rewrite.txt}),
 * checked against real opensmtpd and nginx: every real server must come out up or down as it did
 * with keepalived 2.2.7 on the same lab ({@code samples-e2e/keepalived-verdicts.txt}).
 *
 * <p>keepalived's checker needs IPVS, which this host's kernel lacks, so its verdicts come from the
 * user-mode-linux guest with {@code samples-e2e/run-keepalived.sh} (its header has the command;
 * {@link KeepalivedSamplesInUmlIT} re-runs it in every build and holds it to the recording), which builds the same lab from the same files: smtpd.conf, sites.txt, rewrite.txt, and
 * a copy of the virtualhost sample whose digests are those of the lab site's pages (the sample's own
 * digests match no page, so that real server is down in both). keepalived's verdict is whether
 * ipvsadm lists the server after 45 s; ours is whether the real LVS engine ({@link EmbeddedLvs}, no
 * data plane, the real HTTP_GET/SSL_GET and SMTP_CHECK factories) marks it up once every checker has
 * settled (its verdict agrees with its last attempt, retries included).
 */
class SamplesEndToEndTest {
    private static final Path SAMPLES =
            Path.of(System.getProperty("keepalived.samples", "/work/shared/conformance/keepalived-samples"));
    private static Path dir;
    private static Process smtpd;
    private static Nginx nginx;
    private static List<ProcessHandle> children = List.of();
    private static NettyCheckRuntime runtime;
    private static Map<String, HealthCheckerFactory> factories;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/smtpd")), "opensmtpd is not installed");
        Nginx.assumeAvailable();
        assumeTrue(
                Files.isReadable(SAMPLES.resolve("keepalived.conf.SMTP_CHECK")), "no keepalived samples at " + SAMPLES);
        assumeTrue(free("127.9.0.10", 25) && free("127.9.1.100", 80), "the lab's addresses are in use");
        dir = Files.createTempDirectory("kj-samples-e2e");
        Path smtpdConf = dir.resolve("smtpd.conf");
        Files.writeString(smtpdConf, resource("smtpd.conf"));
        // smtpd refuses a config file others can write to
        Files.setPosixFilePermissions(smtpdConf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        smtpd = new ProcessBuilder("/usr/sbin/smtpd", "-d", "-f", smtpdConf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("smtpd.log").toFile())
                .start();
        nginx = Nginx.start(
                Nginx.directory("kj-samples-nginx", "www.firewall.loc"),
                SamplesEndToEndTest::nginxServers,
                new InetSocketAddress(InetAddress.getByName("127.9.1.100"), 80));
        awaitListening("127.9.0.10", 25, smtpd);
        awaitListening("127.9.0.30", 25, smtpd);
        children = smtpd.descendants().toList();
        runtime = new NettyCheckRuntime(2, 1);
        HttpCheckFactory http = new HttpCheckFactory(runtime);
        factories = Map.of("SMTP_CHECK", new SmtpCheckFactory(runtime), "HTTP_GET", http, "SSL_GET", http);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        if (smtpd != null) {
            smtpd.destroy();
            if (!smtpd.waitFor(10, TimeUnit.SECONDS)) {
                smtpd.destroyForcibly();
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
        if (dir != null) {
            Nginx.deleteTree(dir);
        }
    }

    @Test
    void theSamplesMarkTheServersKeepalivedMarks() throws Exception {
        Map<String, String> keepalived = new TreeMap<>();
        for (String line : resource("keepalived-verdicts.txt").lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split("\\s+");
                keepalived.put(f[0] + " " + f[1], f[2]);
            }
        }
        String smtp = rewrite(Files.readString(SAMPLES.resolve("keepalived.conf.SMTP_CHECK")));
        String virtualhost = rewrite(Files.readString(SAMPLES.resolve("keepalived.conf.virtualhost")));
        String labDigests = virtualhost
                .replace("ff20ad2481f97b1754ef3e12ecd3a9cc", md5("root page"))
                .replace("9b3a0c85a887a256d6939da88aabd8cd", md5("mrtg page"));
        Map<String, String> configs = new TreeMap<>();
        configs.put("SMTP_CHECK", smtp);
        configs.put("virtualhost", virtualhost);
        configs.put("virtualhost-lab-digests", labDigests);
        Map<String, String> ours = verdicts(configs);
        assertEquals(keepalived, ours);
        assertTrue(ours.containsValue("up") && ours.containsValue("down"), "the lab has servers of both kinds");
    }

    /**
     * Runs each config on its own embedded LVS engine (no data plane) with the real HTTP_GET/SSL_GET
     * and SMTP_CHECK factories, all at once, and waits until every checker has settled: its verdict
     * agrees with its last attempt (up after a success, down after failures and their retries).
     * Returns which real servers each engine marks up.
     */
    private static Map<String, String> verdicts(Map<String, String> configs) throws Exception {
        List<EmbeddedLvs> engines = new ArrayList<>();
        Map<String, EmbeddedLvs> byName = new TreeMap<>();
        try {
            for (Map.Entry<String, String> c : configs.entrySet()) {
                KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                        .load(c.getValue(), c.getKey() + ".conf", dir)
                        .config();
                EmbeddedLvs engine = EmbeddedLvs.builder()
                        .threadName("samples-" + c.getKey())
                        .checker(factories.get("HTTP_GET"))
                        .checker(factories.get("SMTP_CHECK"))
                        .start();
                engines.add(engine);
                byName.put(c.getKey(), engine);
                engine.apply(config);
            }
            // the samples' retries (2 x 5 s, 3 x 3 s) bound how long a failing server takes to go down
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!engines.stream().allMatch(SamplesEndToEndTest::settled)) {
                assertTrue(System.nanoTime() < deadline, "the checkers did not settle: " + describe(byName));
                Thread.sleep(100);
            }
            Map<String, String> out = new TreeMap<>();
            for (Map.Entry<String, EmbeddedLvs> e : byName.entrySet()) {
                for (VirtualServerView vs : e.getValue().virtualServers()) {
                    for (RealServerView rs : vs.realServers()) {
                        out.put(e.getKey() + " " + rs.key(), rs.up() ? "up" : "down");
                    }
                }
            }
            System.out.println(describe(byName));
            return out;
        } finally {
            engines.forEach(EmbeddedLvs::close);
        }
    }

    /** Every checker ran and its verdict agrees with its last attempt. */
    private static boolean settled(EmbeddedLvs engine) {
        List<VirtualServerView> services = engine.virtualServers();
        return !services.isEmpty()
                && services.stream()
                        .flatMap(vs -> vs.realServers().stream())
                        .flatMap(rs -> rs.checkers().stream())
                        .allMatch(c -> c.attempts() > 0 && c.up() == (c.consecutiveFailures() == 0));
    }

    private static String describe(Map<String, EmbeddedLvs> engines) {
        StringBuilder b = new StringBuilder();
        engines.forEach((name, engine) -> engine.virtualServers()
                .forEach(vs -> vs.realServers()
                        .forEach(rs -> b.append('\n')
                                .append(name)
                                .append(' ')
                                .append(rs.key())
                                .append(rs.up() ? " up " : " down ")
                                .append(rs.checkers()))));
        return b.toString();
    }

    private static String rewrite(String sample) throws IOException {
        String text = sample;
        for (String line : resource("rewrite.txt").lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split("\\s+");
                text = text.replaceAll("(?<![\\d.])" + java.util.regex.Pattern.quote(f[0]) + "(?![\\d.])", f[1]);
            }
        }
        return text;
    }

    /** The lab's sites (sites.txt), TLS on 127.9.1.100:80 as in keepalived's run of the same lab. */
    private static List<String> nginxServers(Path d) {
        StringBuilder pages = new StringBuilder();
        try {
            for (String line : resource("sites.txt").lines().toList()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int space = line.indexOf(' ');
                    pages.append(" location = ")
                            .append(line, 0, space)
                            .append(" { return 200 '")
                            .append(line.substring(space + 1))
                            .append("'; }");
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return List.of(
                "server { listen 127.9.1.100:80 ssl default_server; " + Nginx.tls(d) + " return 404; }",
                "server { listen 127.9.1.100:80 ssl; server_name www.firewall.loc; " + Nginx.tls(d) + pages + " }");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SamplesEndToEndTest.class.getResourceAsStream("/samples-e2e/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean free(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 500);
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    private static void awaitListening(String address, int port, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (free(address, port)) {
            assertTrue(
                    System.nanoTime() < deadline && server.isAlive(),
                    "no server on " + address + ":" + port + ": " + Files.readString(dir.resolve("smtpd.log")));
            Thread.sleep(50);
        }
    }
}
