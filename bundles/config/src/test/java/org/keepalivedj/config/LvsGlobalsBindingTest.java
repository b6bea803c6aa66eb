package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.model.LvsGlobals;
import org.keepalivedj.api.model.LvsGlobals.FlushOnStop;

/** global_defs' data plane keywords: lvs_timeouts, lvs_flush, lvs_flush_on_stop and lvs_sync_daemon. */
class LvsGlobalsBindingTest {
    private static final String INSTANCE = """
            vrrp_instance VI_1 {
                interface lo
                virtual_router_id 51
                virtual_ipaddress {
                    192.0.2.1/32
                }
            }
            """;

    private static KeepalivedConfigLoader.Result load(String globals) throws Exception {
        return Samples.loader().load("global_defs {\n" + globals + "\n}\n" + INSTANCE, "t.conf", Path.of("."));
    }

    private static LvsGlobals lvs(String globals) throws Exception {
        return load(globals).config().globalDefs().lvs();
    }

    private static List<String> warnings(String globals) throws Exception {
        return load(globals).warnings().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void nothingSetIsNone() throws Exception {
        assertEquals(LvsGlobals.NONE, lvs("router_id r1"));
    }

    @Test
    void timeoutsFlushesAndTheSyncDaemonAreTyped() throws Exception {
        LvsGlobals g = lvs("""
                lvs_timeouts tcp 900 udp 300
                lvs_flush
                lvs_flush_on_stop VS
                lvs_sync_daemon eth0 inst VI_1 id 7 maxlen 1400 port 8849 ttl 2 group 224.0.0.82
                """);
        assertEquals(new LvsGlobals.Timeouts(900, 0, 300), g.timeouts());
        assertTrue(g.flushAtStart());
        assertEquals(FlushOnStop.VS, g.flushOnStop());
        assertEquals(
                new LvsGlobals.SyncDaemon("eth0", "VI_1", 7, 1400, 8849, 2, InetAddress.getByName("224.0.0.82")),
                g.syncDaemon());
    }

    @Test
    void theInstanceWordIsOptionalAndTheSyncIdDefaultsLater() throws Exception {
        LvsGlobals g = lvs("lvs_sync_daemon eth0 VI_1\nlvs_flush_onstop");
        assertEquals(new LvsGlobals.SyncDaemon("eth0", "VI_1", null, 0, 0, 0, null), g.syncDaemon());
        assertEquals(FlushOnStop.ALL, g.flushOnStop(), "the bare keyword (here its old spelling) flushes everything");
        assertNull(lvs("lvs_sync_daemon eth0").syncDaemon().instance(), "no instance: both daemons");
    }

    @Test
    void badOptionsAreLeftOutWithAWarningAsKeepalivedDoes() throws Exception {
        List<String> w1 = warnings("lvs_timeouts tcp 99999999 udp 30");
        assertTrue(
                w1.stream()
                        .anyMatch(w -> w.startsWith("t.conf:2:18: warning:")
                                && w.contains("tcp 99999999 is not a number in 0-2678400")),
                w1::toString);
        assertEquals(
                new LvsGlobals.Timeouts(0, 0, 30),
                lvs("lvs_timeouts tcp 99999999 udp 30").timeouts());
        ConfigException none = assertThrows(ConfigException.class, () -> lvs("lvs_timeouts"));
        assertTrue(
                none.getMessage().contains("t.conf:2:1: global_defs: lvs_timeouts needs an argument"),
                none.getMessage());
        LvsGlobals g = lvs("lvs_sync_daemon eth0 VI_1 id 300");
        assertNull(g.syncDaemon().syncId(), "an id out of 0-255 falls back to the VRID, as in keepalived");
        assertTrue(warnings("lvs_flush_on_stop bogus").stream()
                .anyMatch(w -> w.contains("lvs_flush_on_stop takes VS or nothing")));
    }

    @Test
    void anInstanceThatDoesNotExistIsWorthAWarning() throws Exception {
        List<String> w9 = warnings("lvs_sync_daemon eth0 VI_9");
        assertTrue(
                w9.stream()
                        .anyMatch(w -> w.startsWith("t.conf:2:1: warning:")
                                && w.contains("no vrrp_instance VI_9 (both sync daemons run")),
                w9::toString);
        assertTrue(warnings("lvs_sync_daemon eth0 VI_1").isEmpty());
    }
}
