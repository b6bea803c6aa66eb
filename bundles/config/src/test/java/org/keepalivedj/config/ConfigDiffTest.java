package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.model.KeepalivedConfig;

/** Reload diffs: only what changed shows, per named object, with real servers inside their virtual server. */
class ConfigDiffTest {
    private static final String BASE = """
            vrrp_script chk {
                script /bin/true
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 1
                priority 100
                track_script {
                    chk
                }
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 2
            }
            vrrp_sync_group SG {
                group {
                    VI_1
                    VI_2
                }
            }
            static_ipaddress {
                192.0.2.5/24 dev eth0
            }
            virtual_server 192.0.2.10 80 {
                protocol TCP
                lvs_sched rr
                real_server 10.0.0.2 80 {
                    weight 1
                }
                real_server 10.0.0.3 80 {
                    weight 1
                }
            }
            virtual_server fwmark 5 {
                real_server 10.0.0.9 80 {
                }
            }
            """;

    private static KeepalivedConfig load(String text) throws ConfigException {
        return Samples.loader().load(text, "t.conf", Path.of(".")).config();
    }

    private static List<String> diff(String before, String after) throws ConfigException {
        return ConfigDiff.between(load(before), load(after)).changes().stream().map(Object::toString).toList();
    }

    @Test
    void identicalConfigsHaveNoChanges() throws ConfigException {
        assertTrue(ConfigDiff.between(load(BASE), load(BASE)).isEmpty());
    }

    @Test
    void changedInstanceOnly() throws ConfigException {
        assertEquals(List.of("CHANGED vrrp_instance VI_1"), diff(BASE, BASE.replace("priority 100", "priority 120")));
    }

    @Test
    void addedAndRemovedObjects() throws ConfigException {
        String after = BASE.replace("vrrp_instance VI_2 {\n    interface eth0\n    virtual_router_id 2\n}\n",
                        "vrrp_instance VI_3 {\n    interface eth0\n    virtual_router_id 3\n}\n")
                .replace("        VI_2\n", "        VI_3\n");
        assertEquals(List.of("REMOVED vrrp_instance VI_2", "ADDED vrrp_instance VI_3", "CHANGED vrrp_sync_group SG"),
                diff(BASE, after));
    }

    @Test
    void realServerChangesStayInsideTheirVirtualServer() throws ConfigException {
        String after = BASE.replace("real_server 10.0.0.3 80 {\n        weight 1", "real_server 10.0.0.3 80 {\n        weight 5")
                .replace("real_server 10.0.0.2 80 {\n        weight 1\n    }\n", "")
                + "virtual_server 192.0.2.11 80 {\n}\n";
        assertEquals(List.of("REMOVED real_server 192.0.2.10:80/tcp real_server 10.0.0.2:80",
                        "CHANGED real_server 192.0.2.10:80/tcp real_server 10.0.0.3:80",
                        "ADDED virtual_server 192.0.2.11:80/udp"),
                diff(BASE, after));
    }

    @Test
    void virtualServerSettingChange() throws ConfigException {
        assertEquals(List.of("CHANGED virtual_server 192.0.2.10:80/tcp"),
                diff(BASE, BASE.replace("lvs_sched rr", "lvs_sched wlc")));
    }

    @Test
    void scriptAndStaticAddressChanges() throws ConfigException {
        assertEquals(List.of("REMOVED static_ipaddress 192.0.2.5/24 dev eth0", "ADDED static_ipaddress 192.0.2.6/24 dev eth0",
                        "CHANGED vrrp_script chk"),
                diff(BASE, BASE.replace("192.0.2.5/24", "192.0.2.6/24").replace("/bin/true", "/bin/false")));
    }

    @Test
    void globalDefsChange() throws ConfigException {
        assertEquals(List.of("CHANGED global_defs global_defs"),
                diff(BASE, "global_defs {\n    router_id r2\n}\n" + BASE));
    }

    @Test
    void reorderedFileIsUnchanged() throws ConfigException {
        int split = BASE.indexOf("virtual_server 192.0.2.10");
        String reordered = BASE.substring(split) + "\n" + BASE.substring(0, split);
        assertTrue(ConfigDiff.between(load(BASE), load(reordered)).isEmpty());
    }

    @Test
    void everySampleAgainstItselfIsEmptyAndAgainstNothingIsAllAdded() throws ConfigException {
        List<Path> files = Samples.files(Samples.OWN).stream().filter(f -> f.toString().endsWith(".conf")).toList();
        assumeTrue(!files.isEmpty());
        KeepalivedConfig empty = load("");
        for (Path f : files) {
            KeepalivedConfig c = Samples.load(f).config();
            assertTrue(ConfigDiff.between(c, Samples.load(f).config()).isEmpty(), f.toString());
            ConfigDiff fromEmpty = ConfigDiff.between(empty, c);
            assertEquals(c.vrrpInstances().size(), fromEmpty.of("vrrp_instance").size(), f.toString());
            assertTrue(fromEmpty.of("vrrp_instance").stream().allMatch(ch -> ch.kind() == ConfigDiff.Kind.ADDED));
        }
    }
}
