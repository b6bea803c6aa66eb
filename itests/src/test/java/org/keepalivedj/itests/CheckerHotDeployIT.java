package org.keepalivedj.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.model.Endpoint;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A third-party checker hot-deploys: the example REDIS_CHECK jar dropped into deploy/ binds the
 * running config's REDIS_CHECK block (from the parse kept in memory: the file is not read again, no
 * reload happens) and its check runs; a real redis-server is checked up; deleting the jar stops the
 * check, with a clear log line. No restart.
 */
@RunWith(DistributionExam.class)
@ExamReactorStrategy(PerClass.class)
public class CheckerHotDeployIT {
    private static final String JAR = "keepalivedj-example-check-redis";

    @Inject
    Daemon daemon;

    @Inject
    BundleContext context;

    @Inject
    LvsRuntime lvs;

    @Configuration
    public Option[] config() {
        return DistributionOptions.base();
    }

    @Test
    public void redisCheckComesAndGoesWithItsJar() throws Exception {
        Path jar = exampleJar();
        assertTrue("the example checker of this build: " + jar, Files.isRegularFile(jar));
        Path conf = daemon.configPath();
        int redisPort = freePort();
        String original = Files.readString(conf);
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "virtual_server 127.0.0.1 16379 {",
                        "    protocol TCP",
                        "    real_server 127.0.0.1 " + redisPort + " {",
                        "        REDIS_CHECK {",
                        "            connect_timeout 2",
                        "        }",
                        "    }",
                        "}",
                        ""));
        LoadResult before = daemon.reload();
        assertTrue(
                "unresolved before: " + before, before.warnings().toString().contains("unknown keyword REDIS_CHECK"));
        // an edit in progress on disk: a checker arriving must not apply it (keepalived reads the file
        // at start and on SIGHUP only)
        Files.writeString(
                conf, "virtual_server 127.0.0.1 16380 {\n    protocol TCP\n", java.nio.file.StandardOpenOption.APPEND);

        Path deployed = Path.of(System.getProperty("karaf.base"), "deploy", JAR + ".jar");
        Process redis = null;
        try {
            Files.copy(jar, deployed, StandardCopyOption.REPLACE_EXISTING);
            Awaits.until("REDIS_CHECK factory registered", 60_000, () -> redisFactory() != null);
            Awaits.until(
                    "the running config's REDIS_CHECK block bound and its check running",
                    30_000,
                    () -> redisCheck().map(CheckerStatus::running).orElse(false));
            assertEquals(
                    "no reload: the file was not read again",
                    before.at(),
                    daemon.lastLoad().at());
            assertEquals("the edit on disk is not applied", List.of("127.0.0.1:16379/tcp"), virtualServers());

            if (Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
                redis = new ProcessBuilder(
                                "/usr/bin/redis-server",
                                "--port",
                                String.valueOf(redisPort),
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                "no")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                HealthCheckerFactory factory = redisFactory();
                List<String> problems = new ArrayList<>();
                CheckerSpec spec = factory.bind(redisBlock(), new ProblemSink() {
                    public void error(Location at, String message) {
                        problems.add(message);
                    }

                    public void warning(Location at, String message) {
                        problems.add(message);
                    }
                });
                assertEquals(List.of(), problems);
                HealthChecker checker = factory.create(
                        spec,
                        new CheckTarget(
                                "127.0.0.1:16379/tcp", new Endpoint(InetAddress.getLoopbackAddress(), redisPort)));
                Awaits.until(
                        "the real server's REDIS_CHECK is up",
                        20_000,
                        () -> checker.check().get(5, TimeUnit.SECONDS).up());
            }
        } finally {
            Files.writeString(conf, original);
            Files.deleteIfExists(deployed);
            if (redis != null) {
                redis.destroy();
                redis.waitFor(5, TimeUnit.SECONDS);
            }
        }
        Awaits.until("REDIS_CHECK factory gone", 60_000, () -> redisFactory() == null);
        Awaits.until(
                "the REDIS_CHECK check stopped",
                30_000,
                () -> redisCheck().map(c -> !c.running()).orElse(false));
        assertEquals(
                "no reload: the file was not read again",
                before.at(),
                daemon.lastLoad().at());
        Path log =
                Path.of(System.getProperty("karaf.log", System.getProperty("karaf.data") + "/log"), "keepalived.log");
        Awaits.until(
                "a log line says REDIS_CHECK was removed",
                10_000,
                () -> Files.isRegularFile(log)
                        && Files.readString(log)
                                .contains("Checker REDIS_CHECK removed: its checks stop and every REDIS_CHECK block"));
    }

    @Test
    public void everyKeepalivedCheckerKindComesFromItsBundle() throws Exception {
        for (String keyword : List.of(
                "TCP_CHECK",
                "HTTP_GET",
                "SSL_GET",
                "SMTP_CHECK",
                "MISC_CHECK",
                "DNS_CHECK",
                "UDP_CHECK",
                "PING_CHECK",
                "FILE_CHECK")) {
            Awaits.until(keyword + " factory registered by a check bundle", 30_000, () -> {
                for (ServiceReference<HealthCheckerFactory> ref :
                        context.getServiceReferences(HealthCheckerFactory.class, null)) {
                    HealthCheckerFactory f = context.getService(ref);
                    if (f != null
                            && f.keywords().contains(keyword)
                            && ref.getBundle().getSymbolicName().startsWith("org.keepalivedj.check.")) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    /**
     * A checker bundle refreshed while its checks run (as bundle:refresh or a feature update does) is
     * not a reload: the running config's TCP_CHECK blocks are bound again by the bundle that comes
     * back, their checks run again, and a broken file on disk is not read.
     */
    @Test
    public void refreshingACheckerBundleIsNotAReload() throws Exception {
        Path conf = daemon.configPath();
        String good = Files.readString(conf);
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "virtual_server 127.0.0.1 16381 {",
                        "    protocol TCP",
                        "    real_server 127.0.0.1 " + freePort() + " {",
                        "        TCP_CHECK {",
                        "            connect_timeout 2",
                        "        }",
                        "    }",
                        "}",
                        ""));
        LoadResult before = daemon.reload();
        assertTrue("loaded: " + before, before.ok());
        Awaits.until(
                "TCP_CHECK runs",
                60_000,
                () -> tcpCheck().map(CheckerStatus::running).orElse(false));
        Bundle tcp = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "org.keepalivedj.check.tcp".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow();
        try {
            Files.writeString(conf, "vrrp_instance BROKEN {\n"); // unterminated: a reload would fail
            java.util.concurrent.CountDownLatch refreshed = new java.util.concurrent.CountDownLatch(1);
            context.getBundle(0)
                    .adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                    .refreshBundles(List.of(tcp), event -> refreshed.countDown());
            assertTrue("refresh done", refreshed.await(60, TimeUnit.SECONDS));
            Awaits.until(
                    "TCP_CHECK bound again and running",
                    60_000,
                    () -> tcpCheck().map(CheckerStatus::running).orElse(false));
            assertEquals(
                    "no reload: the file was not read",
                    before.at(),
                    daemon.lastLoad().at());
            assertTrue(
                    "the running config stays the last good one: " + daemon.lastLoad(),
                    daemon.lastLoad().ok());
        } finally {
            Files.writeString(conf, good);
            daemon.reload();
        }
    }

    private Optional<CheckerStatus> tcpCheck() {
        return lvs.virtualServers().stream()
                .flatMap(vs -> vs.realServers().stream())
                .flatMap(rs -> rs.checkers().stream())
                .filter(c -> c.kind().equals("TCP_CHECK"))
                .findFirst();
    }

    private List<String> virtualServers() {
        return lvs.virtualServers().stream().map(vs -> vs.key()).sorted().toList();
    }

    /** The REDIS_CHECK of the config's real server, as the LVS runtime shows it. */
    private Optional<CheckerStatus> redisCheck() {
        return lvs.virtualServers().stream()
                .flatMap(vs -> vs.realServers().stream())
                .flatMap(rs -> rs.checkers().stream())
                .filter(c -> c.kind().equals("REDIS_CHECK"))
                .findFirst();
    }

    private HealthCheckerFactory redisFactory() throws Exception {
        Collection<ServiceReference<HealthCheckerFactory>> refs =
                context.getServiceReferences(HealthCheckerFactory.class, null);
        for (ServiceReference<HealthCheckerFactory> ref : refs) {
            HealthCheckerFactory f = context.getService(ref);
            if (f != null && f.keywords().contains("REDIS_CHECK")) {
                return f;
            }
        }
        return null;
    }

    /** REDIS_CHECK { connect_timeout 2 }, as the config reader would hand it over. */
    private static ConfigNode redisBlock() {
        Location at = new Location("keepalived.conf", 4, 9);
        ConfigNode timeout = new ConfigNode(
                new Token("connect_timeout", at, false), List.of(new Token("2", at, false)), List.of(), false);
        return new ConfigNode(new Token("REDIS_CHECK", at, false), List.of(), List.of(timeout), true);
    }

    private static Path exampleJar() {
        return Path.of(System.getProperty(DistributionOptions.EXAMPLE_CHECKER_PROPERTY));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
