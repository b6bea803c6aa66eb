package org.keepalivedj.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The operator's view of a running distribution (default config, fresh namespace): /metrics follows
 * a real server going down, a drain and a failover; /keepalived/status.json shows the same to a
 * viewer and an operator; a viewer's drain is refused on the server side and an operator's works.
 */
@RequiresRoot
class ObservabilityIT {

    private static final String VS = "127.0.0.100:8080/tcp";
    private static final String RS_UP = "127.0.0.1:18080";
    private static final String RS_DOWN = "127.0.0.1:18081";

    @TempDir
    Path tmp;

    record Answer(int status, String body) {}

    /**
     * The first viewer read after Jolokia answers at all is already judged by the role rules: the
     * restrictor bundle starts before Jolokia (an earlier start level), so there is no window of 403s.
     */
    private static void assertFirstJolokiaReadIsAllowed(LaunchedNode node) throws Exception {
        Awaits.until("Jolokia answers /version", 240_000, () -> node.get("/version", "viewer:viewer") != null);
        String first = node.get("/read/java.lang:type=Runtime/Uptime", "viewer:viewer");
        assertTrue(first != null && first.contains("\"status\":200"), "first read after Jolokia answered: " + first);
    }

    @Test
    void metricsAndStatusPageFollowTheRunningDaemon() throws Exception {
        try (NetLab lab = NetLab.create()) {
            Netns ns = lab.namespace("observe");
            // A real server for 127.0.0.1:18080; nothing listens on 18081.
            ServerSocket backend = ns.call(() -> new ServerSocket(18080, 50, InetAddress.getLoopbackAddress()));
            Thread acceptor = new Thread(() -> acceptAndClose(backend), "backend-18080");
            acceptor.setDaemon(true);
            acceptor.start();
            try {
                LaunchedNode node = LaunchedNode.start(ns, tmp.resolve("data"));
                assertFirstJolokiaReadIsAllowed(node);
                // The checkers run on Netty's native epoll transport (fwmark needs it), not the NIO fallback.
                Path log = node.data().resolve("log/keepalived.log");
                Awaits.until(
                        "checker runtime started",
                        240_000,
                        () -> java.nio.file.Files.exists(log)
                                && java.nio.file.Files.readString(log).contains("Checker runtime started"));
                String started = java.nio.file.Files.readString(log);
                // Logins are not audited to an EventAdmin the distribution does not have
                // (etc/org.apache.karaf.jaas.cfg)
                assertFalse(
                        started.contains("EventAdminAuditLoginModule"),
                        "the first Jolokia login logged: "
                                + started.lines()
                                        .filter(l -> l.contains("EventAdminAuditLoginModule"))
                                        .toList());
                assertTrue(
                        started.contains("epoll event loop threads")
                                && !started.contains("Native epoll transport not available"),
                        "checker runtime in the distribution: "
                                + started.lines()
                                        .filter(l -> l.contains("NettyCheckRuntime"))
                                        .toList());
                awaitMetrics(ns);

                // Metrics: VRRP state, real-server health, an unauthenticated scrape on loopback.
                Awaits.until(
                        "VI_LOCAL MASTER in /metrics",
                        60_000,
                        () -> metric(scrape(ns), "keepalived_vrrp_state{instance=\"VI_LOCAL\",state=\"MASTER\"}") == 1);
                Awaits.until("real servers' health in /metrics", 60_000, () -> {
                    String m = scrape(ns);
                    return metric(m, rs("keepalived_real_server_up", RS_UP)) == 1
                            && metric(m, rs("keepalived_real_server_up", RS_DOWN)) == 0;
                });
                String m = scrape(ns);
                assertTrue(m.contains("# TYPE keepalived_vrrp_master_transitions_total counter"), m);
                assertEquals(1, metric(m, "keepalived_vrrp_master_transitions_total{instance=\"VI_LOCAL\"}"));
                assertTrue(metric(m, "keepalived_vrrp_advertisements_sent_total{instance=\"VI_LOCAL\"}") >= 1);
                assertEquals(100, metric(m, "keepalived_vrrp_priority{instance=\"VI_LOCAL\"}"));
                assertEquals(1, metric(m, "keepalived_config_last_load_success{outcome=\"OK\"}"));
                assertTrue(metric(m, "jvm_threads_current") > 10);

                // The status JSON: login required; a viewer sees state but may not operate. The HTTP
                // whiteboard registers each servlet on its own, so /metrics answering does not mean the
                // page is there yet (404 until then): wait for the page as for /metrics.
                Awaits.until(
                        "/keepalived/status.json registered",
                        240_000,
                        () -> http(ns, "GET", "/keepalived/status.json", null, null)
                                        .status()
                                != 404);
                assertEquals(
                        401,
                        http(ns, "GET", "/keepalived/status.json", null, null).status());
                Answer viewer = http(ns, "GET", "/keepalived/status.json", "viewer:viewer", null);
                assertEquals(200, viewer.status(), viewer.body());
                assertTrue(viewer.body().contains("\"canOperate\":false"), viewer.body());
                assertTrue(viewer.body().contains("\"name\":\"VI_LOCAL\",\"state\":\"MASTER\""), viewer.body());
                assertTrue(viewer.body().contains("127.0.0.100/32"), viewer.body());
                Answer operator = http(ns, "GET", "/keepalived/status.json", "operator:operator", null);
                assertTrue(operator.body().contains("\"canOperate\":true"), operator.body());
                Answer page = http(ns, "GET", "/keepalived/", "viewer:viewer", null);
                assertEquals(200, page.status());
                assertTrue(page.body().contains("<script src=\"app.js\">"), page.body());

                // A viewer's drain is refused by the server; an operator's drains.
                String drain = "action=drain&virtualServer=" + enc(VS) + "&realServer=" + enc(RS_UP);
                Answer refused = http(ns, "POST", "/keepalived/action", "viewer:viewer", drain);
                assertEquals(403, refused.status(), refused.body());
                assertEquals(1, metric(scrape(ns), rsAdmin(RS_UP, "ENABLED")), "nothing changed for the viewer");
                Answer done = http(ns, "POST", "/keepalived/action", "operator:operator", drain);
                assertEquals(200, done.status(), done.body());
                Awaits.until("drain in /metrics and the data plane weight 0", 10_000, () -> {
                    String now = scrape(ns);
                    return metric(now, rsAdmin(RS_UP, "DRAIN")) == 1
                            && metric(now, rs("keepalived_real_server_effective_weight", RS_UP)) == 0;
                });
                assertTrue(
                        http(ns, "GET", "/keepalived/status.json", "viewer:viewer", null)
                                .body()
                                .contains(
                                        "\"key\":\"" + RS_UP
                                                + "\",\"up\":true,\"weight\":1,\"configuredWeight\":1,\"effectiveWeight\":0,\"adminState\":\"DRAIN\""));
                Answer enabled = http(
                        ns,
                        "POST",
                        "/keepalived/action",
                        "operator:operator",
                        "action=enable&virtualServer=" + enc(VS) + "&realServer=" + enc(RS_UP));
                assertEquals(200, enabled.status(), enabled.body());
                Awaits.until("enabled again", 10_000, () -> metric(scrape(ns), rsAdmin(RS_UP, "ENABLED")) == 1);

                // A failover from the page's action: the transitions counter and the timeline follow.
                // Karaf's file watcher may still be loading etc/jmx.acl.*.cfg shortly after start (until then
                // the ACL denies): wait for the operator's failover to be accepted, then check the viewer's is not.
                Answer[] failover = new Answer[1];
                Awaits.until("the operator's failover accepted", 30_000, () -> {
                    failover[0] = http(
                            ns,
                            "POST",
                            "/keepalived/action",
                            "operator:operator",
                            "action=giveUpMaster&instance=VI_LOCAL");
                    return failover[0].status() == 200;
                });
                assertEquals(
                        403,
                        http(ns, "POST", "/keepalived/action", "viewer:viewer", "action=giveUpMaster&instance=VI_LOCAL")
                                .status());
                Awaits.until("MASTER again after the failover, counted", 30_000, () -> {
                    String now = scrape(ns);
                    return metric(now, "keepalived_vrrp_master_transitions_total{instance=\"VI_LOCAL\"}") == 2
                            && metric(now, "keepalived_vrrp_state{instance=\"VI_LOCAL\",state=\"MASTER\"}") == 1;
                });
                String timeline = http(ns, "GET", "/keepalived/status.json", "viewer:viewer", null)
                        .body();
                assertTrue(
                        timeline.contains(
                                "\"kind\":\"vrrp\",\"subject\":\"VI_LOCAL\",\"from\":\"MASTER\",\"to\":\"BACKUP\""),
                        timeline);

                // The real server going down shows in /metrics and on the timeline.
                backend.close();
                Awaits.until(
                        "18080 down in /metrics",
                        60_000,
                        () -> metric(scrape(ns), rs("keepalived_real_server_up", RS_UP)) == 0);
                String afterDown = http(ns, "GET", "/keepalived/status.json", "viewer:viewer", null)
                        .body();
                assertTrue(
                        afterDown.contains("\"kind\":\"real-server\",\"subject\":\"" + VS + " " + RS_UP
                                + "\",\"from\":\"UP\",\"to\":\"DOWN\""),
                        afterDown);

                node.stop();
            } finally {
                backend.close();
            }
        }
    }

    /**
     * The page itself in headless Chromium (Debian's chromium): it shows the states, a viewer gets no
     * buttons and an operator does, and it follows a drain and a real server going down. Screenshots
     * are kept in target/screenshots.
     */
    @Test
    void thePageInHeadlessChromium() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isExecutable(chromium),
                "headless Chromium not installed (apt-get install chromium): browser test skipped");
        Path shots = Path.of("target/screenshots");
        java.nio.file.Files.createDirectories(shots);
        try (NetLab lab = NetLab.create()) {
            Netns ns = lab.namespace("browser");
            ServerSocket backend = ns.call(() -> new ServerSocket(18080, 50, InetAddress.getLoopbackAddress()));
            Thread acceptor = new Thread(() -> acceptAndClose(backend), "backend-18080");
            acceptor.setDaemon(true);
            acceptor.start();
            try {
                LaunchedNode node = LaunchedNode.start(ns, tmp.resolve("data"));
                awaitMetrics(ns);
                Awaits.until("MASTER with 18080 up", 60_000, () -> {
                    String m = scrape(ns);
                    return metric(m, "keepalived_vrrp_state{instance=\"VI_LOCAL\",state=\"MASTER\"}") == 1
                            && metric(m, rs("keepalived_real_server_up", RS_UP)) == 1;
                });

                String viewer = page(ns, "viewer", shots.resolve("status-viewer.png"));
                assertTrue(
                        viewer.contains(
                                "<tr data-instance=\"VI_LOCAL\"><td>VI_LOCAL</td><td><span class=\"state MASTER\">MASTER</span>"),
                        viewer);
                assertTrue(
                        viewer.contains("<tr data-real-server=\"" + RS_UP + "\"><td>" + RS_UP
                                + "</td><td><span class=\"state UP\">UP</span>"),
                        viewer);
                assertTrue(
                        viewer.contains("<tr data-real-server=\"" + RS_DOWN + "\"><td>" + RS_DOWN
                                + "</td><td><span class=\"state DOWN\">DOWN</span>"),
                        viewer);
                assertTrue(viewer.contains("viewer (read only)"), viewer);
                assertTrue(!viewer.contains("<button"), "a viewer sees no action buttons: " + viewer);

                String operator = page(ns, "operator", shots.resolve("status-operator.png"));
                assertTrue(
                        operator.contains("data-action=\"drain\"") && operator.contains(">Fail over</button>"),
                        operator);

                // An operator clicks drain on the page (WebDriver) and accepts the confirmation: the weight
                // in the data plane goes to 0 and the page shows DRAIN.
                try (BrowserSession browser = BrowserSession.start(ns, tmp.resolve("webdriver-profile"))) {
                    browser.open("http://operator:operator@127.0.0.1:8181/keepalived/");
                    String drain = "tr[data-real-server=\"" + RS_UP + "\"] button[data-action=\"drain\"]";
                    Awaits.until("the drain button is clicked", 60_000, () -> {
                        String button = browser.find(drain);
                        return button != null && browser.click(button);
                    });
                    Awaits.until("the confirmation is accepted", 30_000, browser::acceptDialog);
                    Awaits.until("the drain reaches the data plane", 60_000, () -> {
                        String m = scrape(ns);
                        return metric(m, rsAdmin(RS_UP, "DRAIN")) == 1
                                && metric(m, rs("keepalived_real_server_effective_weight", RS_UP)) == 0;
                    });
                    Awaits.until(
                            "the page shows the drain",
                            30_000,
                            () -> browser.source()
                                    .contains(
                                            "<td class=\"effective-weight\">0</td><td><span class=\"state DRAIN\">DRAIN</span>"));
                    browser.screenshot(shots.resolve("status-drained-by-click.png"));
                    assertTrue(browser.find(drain) == null, "a drained server offers no drain button");
                }

                backend.close();
                Awaits.until(
                        "the page shows 18080 down",
                        60_000,
                        () -> page(ns, "viewer", shots.resolve("status-down.png"))
                                .contains("<tr data-real-server=\"" + RS_UP + "\"><td>" + RS_UP
                                        + "</td><td><span class=\"state DOWN\">DOWN</span>"));
                node.stop();
            } finally {
                backend.close();
            }
        }
    }

    /** Waits until /metrics answers with VI_LOCAL in it (a loaded machine takes minutes to boot Karaf). */
    private static void awaitMetrics(Netns ns) throws Exception {
        Awaits.until("/metrics serves VI_LOCAL", 240_000, () -> {
            String m = scrape(ns);
            return m != null && m.contains("keepalived_vrrp_priority{instance=\"VI_LOCAL\"}");
        });
    }

    /** The page as Chromium renders it after its scripts ran (the DOM), with a screenshot beside. */
    private String page(Netns ns, String user, Path screenshot) {
        String url = "http://" + user + ":" + user + "@127.0.0.1:8181/keepalived/";
        String profile = tmp.resolve("chrome-" + user).toString();
        String[] common = {
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--user-data-dir=" + profile,
            "--window-size=1280,800",
            "--virtual-time-budget=5000"
        };
        ns.exec(java.time.Duration.ofSeconds(180), concat(common, "--screenshot=" + screenshot.toAbsolutePath(), url));
        return ns.exec(java.time.Duration.ofSeconds(180), concat(common, "--dump-dom", url))
                .stdout();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String rs(String name, String realServer) {
        return name + "{virtual_server=\"" + VS + "\",real_server=\"" + realServer + "\"}";
    }

    private static String rsAdmin(String realServer, String state) {
        return "keepalived_real_server_admin_state{virtual_server=\"" + VS + "\",real_server=\"" + realServer
                + "\",state=\"" + state + "\"}";
    }

    /** The value of one exact series in a scrape, NaN when absent. */
    static double metric(String scrape, String series) {
        if (scrape == null) {
            return Double.NaN;
        }
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String scrape(Netns ns) throws Exception {
        Answer a = http(ns, "GET", "/metrics", null, null);
        return a.status() == 200 ? a.body() : null;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One HTTP request on the namespace's loopback (status -1 when nothing answers). */
    static Answer http(Netns ns, String method, String path, String credentials, String form) throws Exception {
        return ns.call(() -> {
            try {
                HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:8181" + path).openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(10000);
                c.setInstanceFollowRedirects(false);
                c.setRequestMethod(method);
                c.setRequestProperty("Connection", "close"); // the JDK pools by host and port, not by namespace
                if (credentials != null) {
                    c.setRequestProperty(
                            "Authorization",
                            "Basic "
                                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
                }
                if (form != null) {
                    c.setDoOutput(true);
                    c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                    c.setRequestProperty("X-Keepalived-Action", "1");
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(form.getBytes(StandardCharsets.UTF_8));
                    }
                }
                int status = c.getResponseCode();
                InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
                String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Answer(status, body);
            } catch (IOException e) {
                return new Answer(-1, e.toString());
            }
        });
    }

    private static void acceptAndClose(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.getOutputStream().flush();
            } catch (IOException e) {
                // closed: the real server goes down
            }
        }
    }
}
