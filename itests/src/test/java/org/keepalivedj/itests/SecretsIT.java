package org.keepalivedj.itests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * No secret leaves the daemon: with a VRRP PASS password and an SSL key password configured, neither
 * appears in the log files, in the Daemon's dump(), in any keepalived MBean attribute read through
 * Jolokia, nor in {@code bin/keepalived -d}; the Jolokia login never appears in the log. One launch.
 */
@RequiresRoot
class SecretsIT {
    private static final String AUTH_PASS = "Vp-5523";
    private static final String SSL_PASSWORD = "SslKeyPw-771";
    private static final String CONFIG = """
            global_defs {
                router_id secrets_node
            }
            SSL {
                password %s
            }
            vrrp_instance VI_SECRET {
                state MASTER
                interface eth0
                virtual_router_id 61
                priority 150
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass %s
                }
                virtual_ipaddress {
                    192.0.2.161/24
                }
            }
            """.formatted(SSL_PASSWORD, AUTH_PASS);

    @TempDir
    Path tmp;

    @Test
    void noSecretInLogsDumpsMBeansOrTheConfigDump() throws Exception {
        Path conf = tmp.resolve("keepalived.conf");
        Files.writeString(conf, CONFIG);
        try (NetLab lab = NetLab.create()) {
            Netns ns = lab.node("sec", "192.0.2.61/24");
            LaunchedNode node = LaunchedNode.start(ns, tmp.resolve("data"), "-f", conf.toString());
            node.awaitMBean("keepalived:type=Daemon", 120_000);
            String instance = node.awaitMBean("keepalived:type=VrrpInstance,name=VI_SECRET", 60_000);
            Awaits.until(
                    "VI_SECRET becomes MASTER",
                    30_000,
                    () -> String.valueOf(node.get(
                                    "/read/keepalived:type=VrrpInstance,name=VI_SECRET/State", "viewer:viewer"))
                            .contains("MASTER"));

            List<String> places = new ArrayList<>();
            // every attribute of every keepalived MBean, as an operator reads them
            String all = node.get("/read/keepalived:*", "operator:operator");
            assertNotNull(all, "Jolokia read of keepalived:*");
            assertTrue(all.contains("VI_SECRET"), all.substring(0, Math.min(300, all.length())));
            places.add("MBean attributes: " + all);
            // the Daemon's dump() JSON
            String dump = node.post(
                    "{\"type\":\"exec\",\"mbean\":\"keepalived:type=Daemon\",\"operation\":\"dump\"}", "viewer:viewer");
            assertNotNull(dump, "Daemon dump()");
            assertTrue(dump.contains("VI_SECRET"), dump);
            places.add("Daemon dump(): " + dump);
            // bin/keepalived -d
            Distribution.Result d = Distribution.run("-t", "-d", "-f", conf.toString());
            assertTrue(d.output().contains("vrrp_instance VI_SECRET"), d.output());
            places.add("keepalived -d: " + d.output());
            // the log files, after a reload logged the config once more
            node.signal("HUP");
            Awaits.until(
                    "the reload is logged",
                    30_000,
                    () -> logs(node.data()).toLowerCase().contains("reload"));
            String logs = logs(node.data());
            assertFalse(logs.isEmpty(), "no log written");
            places.add("logs: " + logs);

            for (String place : places) {
                String where = place.substring(0, place.indexOf(':'));
                assertFalse(place.contains(AUTH_PASS), "auth_pass in " + where);
                assertFalse(place.contains(SSL_PASSWORD), "SSL password in " + where);
            }
            String login = Base64.getEncoder().encodeToString("operator:operator".getBytes(StandardCharsets.UTF_8));
            assertFalse(logs.contains(login), "a Jolokia login in the logs");
            assertTrue(d.exitCode() == 0 || d.exitCode() == 5, "keepalived -t exits 0 or 5 (would run): " + d.output());
            node.stop();
        }
    }

    private static String logs(Path data) throws Exception {
        StringBuilder all = new StringBuilder();
        Path dir = data.resolve("log");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    all.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return all.toString();
    }
}
