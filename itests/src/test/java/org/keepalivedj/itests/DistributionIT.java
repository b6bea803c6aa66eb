package org.keepalivedj.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivilegedExceptionAction;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.security.auth.Subject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.keepalivedj.api.daemon.Daemon;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Boots the distribution as an operator gets it and checks the platform promises: the features are
 * installed, keepalived:type=Daemon is registered, Jolokia serves it only with a login, and the
 * console's keepalived:status prints the daemon's state.
 */
@RunWith(DistributionExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT {

    @Inject
    FeaturesService features;

    @Inject
    SessionFactory sessions;

    @Inject
    BundleContext bundleContext;

    // Waits (Pax Exam's service timeout) until core has activated and loaded its config.
    @Inject
    Daemon daemon;

    @Configuration
    public Option[] config() {
        return DistributionOptions.base();
    }

    /**
     * The container runs the bundles this build made: every file under system/org/keepalivedj is
     * byte for byte the one in karaf-assembly/target/assembly (jars carry their build time, so a
     * distribution from an earlier build differs).
     */
    @Test
    public void bootsTheDistributionOfThisBuild() throws Exception {
        Path built = Path.of(System.getProperty(DistributionOptions.BUILT_ASSEMBLY_PROPERTY), "system/org/keepalivedj");
        Path booted = Path.of(System.getProperty("karaf.home"), "system/org/keepalivedj");
        assertTrue("this build's assembly at " + built, Files.isDirectory(built));
        List<Path> files;
        try (Stream<Path> s = Files.walk(built)) {
            files = s.filter(Files::isRegularFile)
                    .map(built::relativize)
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertTrue(
                "our bundles in " + built + ": " + files,
                files.stream().filter(f -> f.toString().endsWith(".jar")).count() > 10);
        for (Path file : files) {
            Path running = booted.resolve(file);
            assertTrue("booted distribution has " + file, Files.isRegularFile(running));
            assertEquals(file + " is this build's", sha256(built.resolve(file)), sha256(running));
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    public void operatorFeatureIsInstalled() throws Exception {
        for (String name : new String[] {
            "keepalived",
            "keepalived-core",
            "keepalived-management",
            "keepalived-shell",
            "keepalived-jolokia",
            "keepalived-http"
        }) {
            assertTrue(name + " installed", features.isInstalled(features.getFeature(name)));
        }
    }

    /**
     * The start order of docs/startup.md: SCR, then VRRP's path, then the bundles Jolokia needs
     * (restrictor before Jolokia), then the features service, all ahead of Karaf's level-30 bundles;
     * the checkers before the LVS engine, whose first config then finds them. Some
     * are listed in Karaf's features too, where a bundle takes the level of whichever feature the
     * features service reads last: this is the level they got.
     */
    @Test
    public void vrrpThenJolokiaStartAheadOfTheRestOfTheContainer() {
        Map<String, Integer> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("org.apache.felix.scr", 13),
                Map.entry("org.keepalivedj.core", 14),
                Map.entry("org.keepalivedj.netlink", 14),
                Map.entry("org.keepalivedj.vrrp", 14),
                Map.entry("org.apache.karaf.features.core", 18),
                Map.entry("org.ops4j.pax.web.pax-web-runtime", 16),
                Map.entry("org.ops4j.pax.web.pax-web-jetty", 16),
                Map.entry("org.apache.karaf.jaas.config", 16),
                Map.entry("org.apache.karaf.jaas.modules", 16),
                Map.entry("org.apache.karaf.management.server", 16),
                Map.entry("org.apache.aries.jmx.whiteboard", 16),
                Map.entry("org.keepalivedj.management", 16),
                Map.entry("org.keepalivedj.management.jolokia", 16),
                Map.entry("org.jolokia.osgi", 17),
                Map.entry("org.keepalivedj.check.tcp", 80),
                Map.entry("org.keepalivedj.lvs", 81)));
        Map<String, Integer> actual = new TreeMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (expected.containsKey(b.getSymbolicName())) {
                actual.put(b.getSymbolicName(), b.adapt(BundleStartLevel.class).getStartLevel());
            }
        }
        assertEquals(expected, actual);
    }

    /**
     * VRRP's path, then Jolokia's (the keepalived-startup feature), are installed from
     * etc/startup.properties, so a first start (every itest boots one) does not wait for the features
     * service to resolve the boot features; installing those afterwards leaves them running (with
     * Karaf's autoRefresh on, it refreshed SCR and restarted the daemon with it) and installs none of
     * them a second time (the startup feature names versions that Karaf's and Pax Web's features
     * must agree with).
     */
    @Test
    public void startPathComesFromStartupPropertiesAndTheBootFeaturesLeaveItRunning() {
        // Karaf's shell is one of the bundles the features service installs for the boot features
        Bundle bootFeature = bundle("org.apache.karaf.shell.core");
        for (String name : List.of(
                "org.apache.felix.scr",
                "com.github.jnr.jffi",
                "org.keepalivedj.core",
                "org.keepalivedj.netlink",
                "org.keepalivedj.vrrp",
                "org.ops4j.pax.web.pax-web-runtime",
                "org.apache.karaf.jaas.modules",
                "org.apache.aries.jmx.whiteboard",
                "org.keepalivedj.management",
                "org.keepalivedj.management.jolokia",
                "org.jolokia.osgi")) {
            assertTrue(
                    name + " installed from etc/startup.properties, before the boot features",
                    bundle(name).getBundleId() < bootFeature.getBundleId());
        }
        Instant bootFeaturesInstalled = Instant.ofEpochMilli(bootFeature.getLastModified());
        assertTrue(
                "daemon started at " + daemon.startedAt() + ", before the boot features were installed ("
                        + bootFeaturesInstalled + ")",
                daemon.startedAt().isBefore(bootFeaturesInstalled));
        Map<String, Long> copies = Stream.of(bundleContext.getBundles())
                .collect(Collectors.groupingBy(Bundle::getSymbolicName, TreeMap::new, Collectors.counting()));
        copies.values().removeIf(n -> n == 1);
        assertEquals("bundles installed more than once", Map.of(), copies);
    }

    private Bundle bundle(String symbolicName) {
        return Stream.of(bundleContext.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " not installed"));
    }

    @Test
    public void daemonMBeanShowsTheLoadedDefaultConfig() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("keepalived:type=Daemon");
        Awaits.until("Daemon MBean registered", () -> server.isRegistered(name));
        assertEquals(daemon.version(), server.getAttribute(name, "Version"));
        assertTrue(((String) server.getAttribute(name, "ConfigFile")).endsWith("etc/keepalived.conf"));
        assertEquals("OK", server.getAttribute(name, "LastLoadResult"));
        assertTrue((Long) server.getAttribute(name, "UptimeSeconds") >= 0);
    }

    @Test
    public void checkConfigReportsErrorsWithLocationAndChangesNothing() throws Exception {
        Path bad = Files.createTempFile("bad", ".conf");
        try {
            Files.writeString(bad, "vrrp_instance VI_1 {\n    state MASTER\n");
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            String[] problems = (String[]) server.invoke(
                    new ObjectName("keepalived:type=Daemon"),
                    "checkConfig",
                    new Object[] {bad.toString()},
                    new String[] {String.class.getName()});
            assertTrue("at least one problem", problems.length > 0);
            assertTrue(problems[0], problems[0].startsWith(bad.toString() + ":1:"));
            assertEquals(
                    "running config untouched",
                    "OK",
                    daemon.lastLoad().outcome().name());
        } finally {
            Files.deleteIfExists(bad);
        }
    }

    @Test
    public void jolokiaAnswersWithLoginOnly() throws Exception {
        String url = "http://127.0.0.1:" + DistributionOptions.httpPort() + "/jolokia/read/keepalived:type=Daemon";
        Awaits.until("Jolokia registered (Jetty answers 404 until then)", () -> status(url, null) == 401);
        assertEquals(401, status(url, null));
        assertEquals(401, status(url, "admin:wrong"));
        HttpURLConnection ok = open(url, "admin:admin");
        assertEquals(200, ok.getResponseCode());
        String body = read(ok.getInputStream());
        assertTrue(body, body.contains("\"status\":200"));
        assertTrue(body, body.contains("\"Version\":\"" + daemon.version() + "\""));
        assertTrue(body, body.contains("\"LastLoadResult\":\"OK\""));
    }

    @Test
    public void jolokiaAppliesTheJmxAclRoles() throws Exception {
        String base = "http://127.0.0.1:" + DistributionOptions.httpPort() + "/jolokia";
        Awaits.until("Jolokia registered", () -> status(base + "/version", null) == 401);
        // viewer: reads, and may check a config, but may not reload
        assertTrue(get(base + "/read/keepalived:type=Daemon/Version", "viewer:viewer")
                .contains("\"status\":200"));
        String denied = get(base + "/exec/keepalived:type=Daemon/reload", "viewer:viewer");
        assertTrue(denied, denied.contains("\"status\":403"));
        String check = get(
                base + "/exec/keepalived:type=Daemon/checkConfig/"
                        + daemon.configPath().toString().replace("/", "!/"),
                "viewer:viewer");
        assertTrue(check, check.contains("\"status\":200"));
        // nor call the JVM's operations (stock Karaf would let a viewer run gc through Jolokia)
        String gc = get(base + "/exec/java.lang:type=Memory/gc", "viewer:viewer");
        assertTrue(gc, gc.contains("\"status\":403"));
        // admin: reloads
        String reloaded = get(base + "/exec/keepalived:type=Daemon/reload", "admin:admin");
        assertTrue(reloaded, reloaded.contains("\"status\":200") && reloaded.contains("\"value\":\"OK"));
    }

    /**
     * A reload of a file with errors, through Jolokia and through the console, changes nothing: the
     * result says ERRORS with the file and line, and the running instance and its MBean stay.
     */
    @Test
    public void aBadFileReloadedThroughJolokiaOrTheConsoleChangesNothing() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName instance = new ObjectName("keepalived:type=VrrpInstance,name=VI_LOCAL");
        Awaits.until("the default instance's MBean", () -> server.isRegistered(instance));
        Path conf = daemon.configPath();
        String good = Files.readString(conf);
        String base = "http://127.0.0.1:" + DistributionOptions.httpPort() + "/jolokia";
        Awaits.until("Jolokia registered", () -> status(base + "/version", null) == 401);
        try {
            Files.writeString(conf, good + "\nvrrp_instance VI_LOCAL {\n    virtual_router_id 300\n}\n");
            String viaJolokia = get(base + "/exec/keepalived:type=Daemon/reload", "admin:admin");
            assertTrue(viaJolokia, viaJolokia.contains("\"status\":200") && viaJolokia.contains("ERRORS"));
            assertEquals("ERRORS", daemon.lastLoad().outcome().name());
            assertTrue(
                    daemon.lastLoad().errors().toString(),
                    daemon.lastLoad().errors().stream().anyMatch(e -> e.startsWith(conf + ":")));
            assertTrue("the running instance stays", server.isRegistered(instance));

            String viaConsole = execute("keepalived:reload", "admin");
            assertTrue(viaConsole, viaConsole.contains("reload: ERRORS"));
            assertEquals("ERRORS", daemon.lastLoad().outcome().name());
            assertTrue("the running instance stays", server.isRegistered(instance));
        } finally {
            Files.writeString(conf, good);
            assertEquals("OK", daemon.reload().outcome().name());
        }
    }

    @Test
    public void statusCommandPrintsTheDaemonState() throws Exception {
        String out = execute("keepalived:status");
        assertTrue(out, out.contains("keepalived-j " + daemon.version()));
        assertTrue(out, out.contains(daemon.configPath().toString()));
        assertTrue(out, out.contains("OK"));
    }

    private String execute(String command) throws Exception {
        return execute(command, "viewer");
    }

    private String execute(String command, String role) throws Exception {
        // Console commands register on their own, after the services they need: wait for this one.
        String[] scopeAndName = command.split(" ")[0].split(":");
        Awaits.until(
                command + " registered",
                () -> sessions.getRegistry().getCommand(scopeAndName[0], scopeAndName[1]) != null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // As that role's user: console commands are guarded by etc/org.apache.karaf.command.acl.*.cfg roles.
        Subject user = new Subject();
        user.getPrincipals().add(new UserPrincipal(role));
        user.getPrincipals().add(new RolePrincipal(role));
        Subject.doAs(user, (PrivilegedExceptionAction<Object>) () -> {
            Session session = sessions.create(System.in, out, out);
            try {
                return session.execute(command);
            } finally {
                session.close();
            }
        });
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String get(String url, String credentials) throws IOException {
        HttpURLConnection c = open(url, credentials);
        assertEquals(url, 200, c.getResponseCode());
        return read(c.getInputStream());
    }

    private static int status(String url, String credentials) {
        try {
            return open(url, credentials).getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static HttpURLConnection open(String url, String credentials) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        if (credentials != null) {
            c.setRequestProperty(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return c;
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
