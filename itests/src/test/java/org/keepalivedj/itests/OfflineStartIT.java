package org.keepalivedj.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The distribution is self-contained: started for the first time (an empty data directory, so
 * Karaf resolves and installs every boot feature) in a namespace whose only link is the lab
 * bridge, with no route out, it reaches BACKUP and serves Jolokia.
 */
class OfflineStartIT {

    private static final String CONFIG = """
            global_defs {
                router_id offline
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 61
                priority 100
                advert_int 1
                virtual_ipaddress {
                    192.0.2.161/24
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void noRemoteMavenRepositoryIsConfigured() throws Exception {
        Properties mvn = new Properties();
        try (var in = Files.newBufferedReader(Distribution.home().resolve("etc/org.ops4j.pax.url.mvn.cfg"))) {
            mvn.load(in);
        }
        assertEquals(
                "",
                mvn.getProperty("org.ops4j.pax.url.mvn.repositories", "(unset: pax-url's default is Maven Central)")
                        .trim(),
                "remote repositories");
        assertEquals("false", mvn.getProperty("org.ops4j.pax.url.mvn.useFallbackRepositories"));
    }

    @Test
    @RequiresRoot
    void firstStartWithNoRouteOutReachesBackup() throws Exception {
        try (NetLab lab = NetLab.create()) {
            Netns ns = lab.node("offline", "192.0.2.61/24");
            // Only loopback and the lab link: no default route, no other interface.
            assertEquals(
                    "",
                    ns.execOrThrow("ip", "route", "show", "default").stdout().trim(),
                    "no default route");
            assertEquals(
                    "",
                    ns.execOrThrow("ip", "-6", "route", "show", "default")
                            .stdout()
                            .trim(),
                    "no IPv6 default route");
            String links = ns.execOrThrow("ip", "-o", "link", "show").stdout();
            assertEquals(2, links.lines().count(), "lo and eth0 only: " + links);

            Path conf = tmp.resolve("keepalived.conf");
            Files.writeString(conf, CONFIG);
            Path data = tmp.resolve("data");
            assertFalse(Files.exists(data), "first start: an empty data directory");
            LaunchedNode node = LaunchedNode.start(ns, data, "-f", conf.toString());

            Path log = data.resolve("log/keepalived.log");
            Awaits.until(
                    "VI_1 entered BACKUP with no route out",
                    180_000,
                    () -> Files.exists(log) && Files.readString(log).contains("(VI_1) Entering BACKUP STATE"));
            String daemon = node.awaitMBean("keepalived:type=Daemon", 120_000);
            assertEquals(conf.toString(), LaunchedNode.attribute(daemon, "ConfigFile"));

            String text = Files.readString(log);
            assertFalse(text.contains("Error resolving artifact"), "every boot bundle came from system/");
            assertFalse(text.contains("Could not transfer artifact"), "nothing was downloaded");
            assertTrue(text.contains("Starting keepalived-j"), "the daemon started");
            node.stop();
        }
    }
}
