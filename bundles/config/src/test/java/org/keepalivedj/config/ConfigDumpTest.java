package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.model.ConfigLines;
import org.keepalivedj.api.model.KeepalivedConfig;

/** The canonical dump keeps awkward values intact through a reload. */
class ConfigDumpTest {
    private static KeepalivedConfig load(String text) throws ConfigException {
        return Samples.loader().load(text, "t.conf", Path.of(".")).config();
    }

    @Test
    void awkwardWordsSurviveTheRoundTrip() throws ConfigException {
        KeepalivedConfig c = load("""
                vrrp_script chk {
                    script "/bin/check \\"quoted\\"\\targ # not a comment ! nor this { }"
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    notify_master "@looks_like_a_condition ~SEQ(x)"
                    notify_backup "caf\u00e9 \\\\ backslash"
                }
                """);
        assertEquals(
                "/bin/check \"quoted\"\targ # not a comment ! nor this { }",
                c.vrrpScripts().get("chk").script());
        String dump = ConfigDump.dump(c);
        KeepalivedConfig again = load(dump);
        assertEquals(c, again, dump);
        assertEquals(
                "@looks_like_a_condition ~SEQ(x)",
                again.vrrpInstances().get("VI_1").notifyScripts().master());
        assertEquals(
                "caf\u00e9 \\ backslash",
                again.vrrpInstances().get("VI_1").notifyScripts().backup());
    }

    @Test
    void quoteOnlyWhenNeeded() {
        assertEquals("plain/word-1.2", ConfigLines.quote("plain/word-1.2"));
        assertEquals("\"two words\"", ConfigLines.quote("two words"));
        assertEquals("\"\"", ConfigLines.quote(""));
        assertEquals("\"a\\\"b\"", ConfigLines.quote("a\"b"));
        assertEquals("\"@id\"", ConfigLines.quote("@id"));
        assertEquals("\"x#y\"", ConfigLines.quote("x#y"));
    }

    @Test
    void ipv6GroupsRangesAndTunnelsRoundTrip() throws ConfigException {
        KeepalivedConfig c = load("""
                virtual_server_group G6 {
                    2001:db8::10-1f 443
                    fwmark 4294967295
                }
                virtual_server group G6 {
                    ip_family inet6
                    lvs_method TUN type gue port 6080 nocsum
                    real_server 2001:db8:1::1 443 {
                        weight 3
                    }
                }
                virtual_server 192.0.2.80 80 {
                    protocol TCP
                    lvs_method TUN
                    real_server 2001:db8:2::80 80 {
                    }
                }
                virtual_server fwmark 4294967294 {
                    persistence_timeout
                    real_server 192.0.2.9 {
                    }
                }
                """);
        String dump = ConfigDump.dump(c);
        assertTrue(dump.contains("2001:db8::10-1f 443"), dump);
        assertTrue(dump.contains("fwmark 4294967295"), dump);
        assertTrue(dump.contains("lvs_method TUN type gue port 6080 nocsum"), dump);
        assertTrue(dump.contains("persistence_timeout 360"), dump);
        assertEquals(c, load(dump));
        assertTrue(
                c.virtualServers().containsKey("fwmark 4294967294/tcp"),
                c.virtualServers().keySet().toString());
        assertTrue(
                c.virtualServers().get("192.0.2.80:80/tcp").realServers().containsKey("[2001:db8:2::80]:80"),
                "an IPv6 real server behind an IPv4 service through a tunnel");
    }
}
