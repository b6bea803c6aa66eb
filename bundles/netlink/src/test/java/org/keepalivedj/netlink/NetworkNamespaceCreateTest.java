package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.testsupport.Commands;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * net_namespace's "created if missing": the namespace made natively is a real one that ip netns
 * lists and enters, distinct from ours, and usable for sockets from this JVM.
 */
@RequiresRoot
class NetworkNamespaceCreateTest {
    private final String name = "kjnn" + ProcessHandle.current().pid() + "c";

    @AfterEach
    void deleteIt() {
        Commands.run("ip", "netns", "delete", name);
    }

    @Test
    void makesAMissingNamespaceThatIpSeesAndEnters() throws Exception {
        assertFalse(NetworkNamespace.exists(name));

        assertTrue(NetworkNamespace.createIfMissing(name));

        assertTrue(NetworkNamespace.exists(name));
        assertTrue(Commands.run("ip", "netns", "list").stdout().contains(name));
        String ours = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        String theirs = Commands.run("ip", "netns", "exec", name, "readlink", "/proc/self/ns/net")
                .orThrow()
                .stdout()
                .strip();
        assertNotEquals(ours, theirs, "a namespace of its own");
        // a new namespace has only lo, down, as ip netns add leaves it
        assertEquals(
                "lo",
                Commands.run("ip", "netns", "exec", name, "ls", "/sys/class/net")
                        .orThrow()
                        .stdout()
                        .strip());
        // this JVM's sockets reach it: rtnetlink opened there lists the same one link
        try (RtNetlink rtnl = NetworkNamespace.call(name, RtNetlink::open)) {
            assertEquals(1, rtnl.links().size());
        }
        String inThread = NetworkNamespace.call(
                name,
                () -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net"))
                        .toString());
        assertEquals(theirs, inThread);
    }

    @Test
    void leavesAnExistingNamespaceAsItIs() {
        Commands.run("ip", "netns", "add", name).orThrow();
        Commands.run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up")
                .orThrow();

        assertFalse(NetworkNamespace.createIfMissing(name));

        assertTrue(Commands.run("ip", "netns", "exec", name, "ip", "-o", "link", "show", "lo")
                .orThrow()
                .stdout()
                .contains("UP"));
    }

    @Test
    void refusesANameThatIsNotAFileName() {
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespace.createIfMissing("../etc"));
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespace.createIfMissing(".."));
    }
}
