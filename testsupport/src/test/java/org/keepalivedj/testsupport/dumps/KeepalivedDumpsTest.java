package org.keepalivedj.testsupport.dumps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.Commands;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The dump reader against the real thing: Debian's keepalived 2.2.7 in a namespace writes its data,
 * stats and JSON files on SIGUSR1, SIGUSR2 and its JSON signal, and the reader finds its instances,
 * states, addresses and counters (and the counters cleared by STATS_CLEAR).
 */
class KeepalivedDumpsTest {

    private static final String CONF = """
            global_defs {
                router_id dumps1
            }
            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 1
                virtual_ipaddress {
                    192.0.2.100/24
                }
            }
            vrrp_instance VI_2 {
                state BACKUP
                interface eth0
                virtual_router_id 52
                priority 100
                advert_int 30
                virtual_ipaddress {
                    192.0.2.101/24
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    @RequiresRoot
    @ExtendWith(NetLabExtension.class)
    void readsWhatKeepalivedWrites(NetLab lab) throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/keepalived")),
                "needs Debian's keepalived (apt-get install keepalived)");
        Netns ns = lab.node("ka", "192.0.2.1/24");
        // keepalived 2.2.7 always writes /tmp/keepalived.*: give it a /tmp of its own (ip netns exec
        // runs it in a private mount namespace), which is this directory seen from outside.
        Path own = Files.createDirectory(tmp.resolve("tmp"));
        Files.writeString(own.resolve("k.conf"), CONF);
        ns.start(
                "sh",
                "-c",
                "mount --bind " + own + " /tmp && exec /usr/sbin/keepalived -n --vrrp -f /tmp/k.conf"
                        + " -p /tmp/k.pid -r /tmp/v.pid -c /tmp/c.pid -i dumps1");
        Path pidFile = own.resolve("k.pid");
        await(
                "keepalived writes its pid file",
                () -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        String pid = Files.readString(pidFile).trim();

        Map<String, KeepalivedDumps.DataInstance> data = signalled(
                pid,
                "-USR1",
                own.resolve("keepalived.data"),
                KeepalivedDumps::data,
                d -> d.containsKey("VI_1") && "MASTER".equals(d.get("VI_1").state()));
        assertEquals("BACKUP", data.get("VI_2").state());
        assertEquals(51, data.get("VI_1").field("Virtual Router ID"));
        assertEquals(150, data.get("VI_1").field("Effective priority"));
        assertEquals("eth0", data.get("VI_1").fields().get("Interface"));
        assertTrue(
                data.get("VI_1").vips().get(0).startsWith("192.0.2.100/24 dev eth0"),
                data.get("VI_1").vips().toString());

        Map<String, Map<String, Long>> stats = signalled(
                pid, "-USR2", own.resolve("keepalived.stats"), KeepalivedDumps::stats, s -> s.containsKey("VI_2"));
        assertEquals(1L, stats.get("VI_1").get("Became master"));
        assertTrue(stats.get("VI_1").get("Advertisements/Sent") >= 1, stats.toString());
        assertEquals(0L, stats.get("VI_2").get("Became master"));
        assertEquals(0L, stats.get("VI_1").get("Authentication Errors/Failure"));

        int jsonSignal = Integer.parseInt(
                Commands.run("keepalived", "--signum=JSON").stdout().trim());
        Map<String, KeepalivedDumps.JsonInstance> json = signalled(
                pid,
                "-" + jsonSignal,
                own.resolve("keepalived.json"),
                KeepalivedDumps::json,
                j -> j.containsKey("VI_2"));
        assertEquals(2, json.get("VI_1").state());
        assertEquals(1, json.get("VI_2").state());
        assertEquals(1L, json.get("VI_1").stat("become_master"));
        assertEquals(new BigDecimal(150), json.get("VI_1").data().get("effective_priority"));
        assertTrue(
                json.get("VI_1").vips().get(0).startsWith("192.0.2.100/24"),
                json.get("VI_1").vips().toString());

        // STATS_CLEAR writes the stats file and then clears: the next stats show "Became master: 0".
        int clear = Integer.parseInt(
                Commands.run("keepalived", "--signum=STATS_CLEAR").stdout().trim());
        Files.delete(own.resolve("keepalived.stats"));
        Commands.run("kill", "-" + clear, pid).orThrow();
        await("stats written on STATS_CLEAR", () -> Files.exists(own.resolve("keepalived.stats")));
        Map<String, Map<String, Long>> cleared = signalled(
                pid, "-USR2", own.resolve("keepalived.stats"), KeepalivedDumps::stats, s -> s.containsKey("VI_2"));
        assertEquals(0L, cleared.get("VI_1").get("Became master"), cleared.toString());
    }

    @Test
    void refusesWhatIsNotTheFormat() {
        assertThrows(IllegalArgumentException.class, () -> KeepalivedDumps.data("VRRP Instance = VI_1\n"));
        assertThrows(IllegalArgumentException.class, () -> KeepalivedDumps.stats("  Sent: 1\n"));
        assertThrows(IllegalArgumentException.class, () -> KeepalivedDumps.json("{\"data\":{}}"));
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("[1,]"));
        assertEquals(List.of("a/b"), MiniJson.parse("[\"a\\/b\"]"));
    }

    /** Sends the signal until a complete file that satisfies {@code ready} appears (a write may be partial). */
    private static <T> T signalled(String pid, String signal, Path file, Function<String, T> parse, Predicate<T> ready)
            throws Exception {
        Object[] last = new Object[1];
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Files.deleteIfExists(file);
            Commands.run("kill", signal, pid).orThrow();
            long fileDeadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < fileDeadline) {
                if (Files.exists(file)) {
                    try {
                        T parsed = parse.apply(Files.readString(file));
                        last[0] = parsed;
                        if (ready.test(parsed)) {
                            return parsed;
                        }
                    } catch (RuntimeException partial) {
                        last[0] = partial;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("no usable " + file + " after kill " + signal + ": " + last[0]);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(50);
        }
    }
}
