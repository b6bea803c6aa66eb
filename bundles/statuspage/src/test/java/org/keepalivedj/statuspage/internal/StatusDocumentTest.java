package org.keepalivedj.statuspage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.json.JsonWriter;
import org.keepalivedj.api.lvs.AdminState;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.testsupport.dumps.MiniJson;
import org.keepalivedj.testsupport.views.Views;

class StatusDocumentTest {

    private static final Instant NOW = Instant.parse("2026-11-25T23:00:00Z");

    @SuppressWarnings("unchecked")
    private static <T> T at(Object json, Object... path) {
        Object o = json;
        for (Object step : path) {
            o = step instanceof Integer n ? ((List<Object>) o).get(n) : ((Map<String, Object>) o).get(step);
        }
        return (T) o;
    }

    @Test
    void theDocumentCarriesInstancesServersAndTimelineAsValidJson() throws Exception {
        Views.Instance vi = new Views.Instance("VI_1");
        vi.state = InstanceState.MASTER;
        vi.effective = 110;
        vi.vips.add("192.0.2.100/24 dev eth0");
        Views.Virtual vs = new Views.Virtual("192.0.2.1", 80);
        Views.Real rs = new Views.Real(vs.key, "10.0.0.2:80");
        rs.admin = AdminState.DRAIN;
        rs.effective = 0;
        rs.checkers.add(new CheckerStatus("TCP_CHECK", true, true, "connected", Duration.ofMillis(2), NOW, 0, 5, 0));
        vs.reals.add(rs);
        Timeline timeline = new Timeline(10, Clock.fixed(NOW, ZoneOffset.UTC));
        timeline.stateChanged(vi, InstanceState.BACKUP, InstanceState.MASTER);
        timeline.realServerChanged(vs, rs, false);
        var load = new LoadResult(NOW, Path.of("k.conf"), LoadResult.Outcome.OK, List.of(), List.of(), "ok");

        String text = JsonWriter.write(StatusDocument.build(
                "viewer",
                false,
                new Views.Daemon1(load),
                new Views.Vrrp(List.of(vi)),
                new Views.Lvs(List.of(vs)),
                null,
                timeline,
                NOW));
        Object doc = MiniJson.parse(text);

        assertEquals("viewer", at(doc, "user"));
        assertEquals(Boolean.FALSE, at(doc, "canOperate"));
        assertEquals("MASTER", at(doc, "vrrpInstances", 0, "state"));
        assertEquals(110.0, ((BigDecimal) at(doc, "vrrpInstances", 0, "priority")).doubleValue());
        assertEquals("192.0.2.100/24 dev eth0", at(doc, "vrrpInstances", 0, "vips", 0));
        assertNull(at(doc, "vrrpInstances", 0, "master"));
        assertEquals("192.0.2.1:80/tcp", at(doc, "virtualServers", 0, "key"));
        assertEquals("DRAIN", at(doc, "virtualServers", 0, "realServers", 0, "adminState"));
        assertEquals(
                0.0, ((BigDecimal) at(doc, "virtualServers", 0, "realServers", 0, "effectiveWeight")).doubleValue());
        assertEquals(
                2.0,
                ((BigDecimal) at(doc, "virtualServers", 0, "realServers", 0, "checkers", 0, "latencyMs"))
                        .doubleValue());
        assertEquals("real-server", at(doc, "timeline", 0, "kind"), "newest first");
        assertEquals("DOWN", at(doc, "timeline", 0, "to"));
        assertEquals("vrrp", at(doc, "timeline", 1, "kind"));
        assertEquals("MASTER", at(doc, "timeline", 1, "to"));
        assertEquals("OK", at(doc, "daemon", "lastLoad"));
        assertEquals("nft", at(doc, "plane"));
    }

    @Test
    void bfdSessionsAreRowsAndTheirStateChangesAreOnTheTimeline() {
        Views.Bfd bfd = new Views.Bfd(List.of(Views.bfdSession("bfd1", "Down")));
        Timeline timeline = new Timeline(10, Clock.fixed(NOW, ZoneOffset.UTC));
        timeline.seed(bfd);
        timeline.stateChanged(Views.bfdSession("bfd1", "Down"), "Up", "Down");
        timeline.seed(bfd);
        Object doc = MiniJson.parse(
                JsonWriter.write(StatusDocument.build("viewer", false, null, null, null, bfd, timeline, NOW)));
        assertEquals("bfd1", at(doc, "bfdSessions", 0, "name"));
        assertEquals("192.0.2.2", at(doc, "bfdSessions", 0, "neighbor"));
        assertEquals("Down", at(doc, "bfdSessions", 0, "state"));
        assertEquals(3221225473.0, ((BigDecimal) at(doc, "bfdSessions", 0, "localDiscriminator")).doubleValue());
        assertEquals(50.0, ((BigDecimal) at(doc, "bfdSessions", 0, "transmitIntervalMs")).doubleValue());
        assertEquals(150.0, ((BigDecimal) at(doc, "bfdSessions", 0, "detectionTimeMs")).doubleValue());
        assertEquals(2.0, ((BigDecimal) at(doc, "bfdSessions", 0, "packetsDropped")).doubleValue());
        assertEquals("Control Detection Time Expired", at(doc, "bfdSessions", 0, "lastDownDiagnostic"));
        assertEquals("2026-12-06T09:00:00Z", at(doc, "bfdSessions", 0, "lastStateChange"));
        assertEquals("bfd", at(doc, "timeline", 0, "kind"));
        assertEquals("Up", at(doc, "timeline", 0, "from"));
        assertEquals("Down", at(doc, "timeline", 0, "to"));
        assertEquals(Timeline.FOUND, at(doc, "timeline", 1, "from"), "seeded once: the second seed saw it known");
        assertEquals(2, ((List<?>) at(doc, "timeline")).size());
    }

    @Test
    void thePageDrawsTheBfdRowsFromTheDocumentsKeys() throws Exception {
        String page;
        String script;
        try (var html = StatusPageServlet.class.getResourceAsStream("/statuspage/index.html");
                var js = StatusPageServlet.class.getResourceAsStream("/statuspage/app.js")) {
            page = new String(html.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            script = new String(js.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(page.contains("<table id=\"bfd\">"), "index.html has the BFD table");
        for (String key : List.of(
                "bfdSessions",
                "remoteState",
                "remoteDiscriminator",
                "transmitIntervalMs",
                "receiveIntervalMs",
                "detectionTimeMs",
                "packetsDropped",
                "lastDownDiagnostic",
                "lastStateChange")) {
            assertTrue(script.contains("." + key), "app.js reads " + key);
        }
    }

    @Test
    void missingServicesGiveEmptyListsNotErrors() {
        Object doc = MiniJson.parse(JsonWriter.write(
                StatusDocument.build("admin", true, null, null, null, null, new Timeline(1, Clock.systemUTC()), NOW)));
        assertEquals(List.of(), at(doc, "vrrpInstances"));
        assertEquals(List.of(), at(doc, "virtualServers"));
        assertEquals(List.of(), at(doc, "bfdSessions"));
        assertNull(at(doc, "daemon"));
    }

    @Test
    void stringsAreEscapedForJsonAndForHtml() {
        String nasty = "a\"b\\c\nd</script><b>&\u0001\u2028";
        Object back = MiniJson.parse(JsonWriter.write(Map.of("k", nasty)));
        assertEquals(nasty, at(back, "k"));
        String raw = JsonWriter.write(nasty);
        assertFalse(raw.contains("<") || raw.contains(">") || raw.contains("&"), raw);
        assertEquals("null", JsonWriter.write(Double.NaN));
        // keepalived's dump writes times with six decimals: a BigDecimal keeps them
        assertEquals(
                "[1795654529.003334,0.000000,1]",
                JsonWriter.write(
                        List.of(new BigDecimal("1795654529.003334"), new BigDecimal("0.000000"), new BigDecimal("1"))));
    }

    @Test
    void theTimelineKeepsOnlyTheNewestEntries() {
        Timeline t = new Timeline(3, Clock.fixed(NOW, ZoneOffset.UTC));
        Views.Instance vi = new Views.Instance("VI_1");
        InstanceState[] states = {
            InstanceState.INIT, InstanceState.BACKUP, InstanceState.MASTER, InstanceState.BACKUP, InstanceState.FAULT
        };
        for (int i = 1; i < states.length; i++) {
            t.stateChanged(vi, states[i - 1], states[i]);
        }
        List<String> to = t.recent().stream().map(Timeline.Event::to).toList();
        assertEquals(List.of("FAULT", "BACKUP", "MASTER"), to);
        assertThrows(IllegalArgumentException.class, () -> new Timeline(0, Clock.systemUTC()));
    }

    @Test
    void actionsNameTheMBeansManagementRegisters() {
        assertEquals(
                "keepalived:type=RealServer,virtualServer=\"127.0.0.100:8080/tcp\",name=\"127.0.0.1:18080\"",
                Actions.target(Map.of(
                        "action", "drain", "virtualServer", "127.0.0.100:8080/tcp", "realServer", "127.0.0.1:18080")));
        assertEquals(
                "keepalived:type=VrrpInstance,name=VI_1",
                Actions.target(Map.of("action", "giveUpMaster", "instance", "VI_1")));
        assertNull(Actions.target(Map.of("action", "reload")), "only the page's operations");
        assertNull(Actions.target(Map.of("action", "drain", "virtualServer", "x")), "a real server needs both keys");
    }

    @Test
    void badBasicCredentialsAreRefusedBeforeJaas() {
        KarafLogin login = new KarafLogin("karaf");
        for (String header : Arrays.asList(
                null,
                "Bearer x",
                "Basic !!!notbase64",
                "Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes()))) {
            assertNull(login.authenticate(header), String.valueOf(header));
        }
    }

    @Test
    void staticFilesAreServedWithTheirTypes() {
        assertTrue(StatusPageServlet.contentType("app.js").startsWith("text/javascript"));
        assertTrue(StatusPageServlet.contentType("style.css").startsWith("text/css"));
        assertTrue(StatusPageServlet.contentType("index.html").startsWith("text/html"));
        for (String f : List.of("index.html", "app.js", "style.css")) {
            assertTrue(StatusPageServlet.class.getResource("/statuspage/" + f) != null, f + " is in the bundle");
        }
    }
}
