package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;

/** A problem with one member of a group { } is reported at that member's token, in whichever file it is written. */
class GroupMemberLocationTest {
    @TempDir
    Path dir;

    private List<String> errors(Path file) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> Samples.loader().load(file));
        return e.problems().stream()
                .filter(ConfigProblem::isError)
                .map(ConfigProblem::toString)
                .toList();
    }

    @Test
    void aSyncGroupMemberInAnIncludedFileIsReportedThere() throws IOException {
        Files.writeString(dir.resolve("members.inc"), "VI_1\n  VI_7\n");
        Path main = Files.writeString(dir.resolve("keepalived.conf"), """
                vrrp_sync_group SG {
                    group {
                        include members.inc
                    }
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    no_virtual_ipaddress
                }
                """);
        assertEquals(
                List.of(dir.resolve("members.inc")
                        + ":2:3: vrrp_sync_group SG: member VI_7 refers to no vrrp_instance"),
                errors(main));
    }

    @Test
    void aMemberSharingALineIsReportedAtItsOwnColumn() throws IOException {
        Path main = Files.writeString(dir.resolve("keepalived.conf"), """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    no_virtual_ipaddress
                }
                vrrp_sync_group A {
                    group {
                        VI_1
                    }
                }
                vrrp_sync_group B {
                    group {
                        VI_9   VI_1
                    }
                }
                """);
        assertEquals(
                List.of(
                        main + ":13:9: vrrp_sync_group B: member VI_9 refers to no vrrp_instance",
                        main + ":13:16: vrrp_sync_group B: vrrp_instance VI_1 is already in vrrp_sync_group A"),
                errors(main));
    }
}
