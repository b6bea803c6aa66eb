package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.model.KeepalivedConfig;

class KeepalivedDaemonTest {

    private static final String GOOD = """
            vrrp_instance VI_1 {
                interface lo
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    127.0.0.100/32
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void findsKeepalivedConfInKarafEtcByDefault() {
        assertEquals(Path.of("/opt/kj/etc/keepalived.conf"), KeepalivedDaemon.resolveConfigPath("", "/opt/kj/etc"));
        assertEquals(Path.of("/srv/k.conf"), KeepalivedDaemon.resolveConfigPath("/srv/k.conf", "/opt/kj/etc"));
    }

    @Test
    void loadsAValidConfigAndKeepsItsModel() throws Exception {
        KeepalivedDaemon daemon = started(GOOD);
        LoadResult last = daemon.lastLoad();
        assertEquals(LoadResult.Outcome.OK, last.outcome(), last.errors().toString());
        assertTrue(last.summary().startsWith("1 VRRP instances, 0 virtual servers"), last.summary());
        assertEquals(1, daemon.runningConfig().vrrpInstances().size());
        assertEquals("id1", daemon.configId());
    }

    @Test
    void aReloadWithErrorsLeavesTheRunningConfigUntouched() throws Exception {
        KeepalivedDaemon daemon = started(GOOD);
        KeepalivedConfig before = daemon.runningConfig();
        Files.writeString(dir.resolve("keepalived.conf"), GOOD.replace("priority 100", "priority 300"));

        LoadResult result = daemon.reload();

        assertEquals(LoadResult.Outcome.ERRORS, result.outcome());
        assertTrue(
                result.errors().get(0).startsWith(dir.resolve("keepalived.conf") + ":4:"),
                result.errors().toString());
        assertTrue(result.errors().get(0).contains("priority"), result.errors().toString());
        assertSame(before, daemon.runningConfig(), "running config untouched");
        assertEquals(result, daemon.lastLoad());
    }

    @Test
    void aValidReloadReplacesTheRunningConfig() throws Exception {
        KeepalivedDaemon daemon = started(GOOD);
        Files.writeString(dir.resolve("keepalived.conf"), GOOD.replace("VI_1", "VI_2"));
        assertTrue(daemon.reload().ok());
        assertNotNull(daemon.runningConfig().vrrpInstances().get("VI_2"));
    }

    @Test
    void aMissingFileIsUnreadableAndNothingRuns() {
        KeepalivedDaemon daemon = new KeepalivedDaemon();
        daemon.start("1", TestSettings.forFile(dir.resolve("absent.conf").toString()), null);
        assertEquals(LoadResult.Outcome.UNREADABLE, daemon.lastLoad().outcome());
        assertTrue(daemon.lastLoad().summary().contains("absent.conf"));
        assertNull(daemon.runningConfig());
    }

    @Test
    void checkConfigDoesNotApply() throws Exception {
        KeepalivedDaemon daemon = started(GOOD);
        KeepalivedConfig before = daemon.runningConfig();
        Path other = Files.writeString(dir.resolve("other.conf"), "vrrp_instance VI_9 {\n  interface lo\n}\n");
        LoadResult checked = daemon.checkConfig(other);
        assertEquals(LoadResult.Outcome.ERRORS, checked.outcome(), "virtual_router_id is required");
        assertSame(before, daemon.runningConfig());
        assertTrue(daemon.lastLoad().ok());
    }

    @Test
    void whatTheChosenDataPlaneCannotDoIsRefusedAtLoadBeforeAnythingIsApplied() throws Exception {
        String nat = GOOD + """
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    real_server 10.0.0.1 80 {
                        lvs_method NAT
                    }
                }
                """;
        Path conf = Files.writeString(dir.resolve("keepalived.conf"), nat);
        KeepalivedDaemon daemon = new KeepalivedDaemon();
        daemon.start("1", TestSettings.forFile(conf.toString(), "nft"), null);
        KeepalivedConfig before = daemon.runningConfig();
        assertNotNull(before);
        Files.writeString(conf, nat.replace("lvs_method NAT", "lvs_method DR"));

        LoadResult result = daemon.reload();

        assertEquals(LoadResult.Outcome.ERRORS, result.outcome());
        assertTrue(
                result.errors().get(0).startsWith(conf + ":12:9: lvs_method: the nftables data plane"),
                result.errors().toString());
        assertSame(before, daemon.runningConfig(), "nothing applied");
        daemon.deactivate();

        KeepalivedDaemon onIpvs = new KeepalivedDaemon();
        onIpvs.start("1", TestSettings.forFile(conf.toString(), "ipvs"), null);
        assertTrue(onIpvs.lastLoad().ok(), onIpvs.lastLoad().errors().toString());
        onIpvs.deactivate();
    }

    private KeepalivedDaemon started(String text) throws Exception {
        Path conf = Files.writeString(dir.resolve("keepalived.conf"), text);
        KeepalivedDaemon daemon = new KeepalivedDaemon();
        daemon.start("1", TestSettings.forFile(conf.toString()), null);
        return daemon;
    }
}
