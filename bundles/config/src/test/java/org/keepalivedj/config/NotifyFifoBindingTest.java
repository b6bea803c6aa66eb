package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.script.FifoSpec;

/**
 * notify_fifo FIFO [username [groupname]] and notify_fifo_script SCRIPT [username [groupname]], with
 * their vrrp_ and lvs_ forms, as the engines read them: a quoted script keeps its arguments apart
 * from the user it runs as.
 */
class NotifyFifoBindingTest {

    private static GlobalDefs globals(String body) throws ConfigException {
        return Samples.loader()
                .load("global_defs {\n" + body + "\n}\n", "t.conf", Path.of("."))
                .config()
                .globalDefs();
    }

    @Test
    void theScriptIsOneWordAndTheRestIsItsUser() throws ConfigException {
        GlobalDefs g = globals("""
                script_user daemon
                vrrp_notify_fifo /run/k/vrrp.fifo keepalived_script users
                vrrp_notify_fifo_script "/usr/local/bin/reader -v 'a b'" nobody nogroup
                notify_fifo /run/k/all.fifo
                notify_fifo_script /usr/local/bin/all-reader
                """);
        assertEquals(
                new FifoSpec(
                        "/run/k/vrrp.fifo",
                        "keepalived_script users",
                        "/usr/local/bin/reader -v 'a b'",
                        "nobody nogroup",
                        false),
                FifoSpec.of(g, "vrrp"));
        assertEquals(
                new FifoSpec("/run/k/all.fifo", null, "/usr/local/bin/all-reader", "daemon", false),
                FifoSpec.of(g, "lvs"),
                "lvs without lvs_notify_fifo: the shared notify_fifo, run as script_user");
    }

    @Test
    void noFifoNoSpec() throws ConfigException {
        GlobalDefs g = globals("vrrp_notify_fifo_script /usr/local/bin/reader\nenable_script_security");
        assertNull(FifoSpec.of(g, "vrrp"), "a script without its FIFO does nothing");
        GlobalDefs secure = globals("lvs_notify_fifo /run/k/lvs.fifo\nenable_script_security");
        assertEquals(new FifoSpec("/run/k/lvs.fifo", null, null, null, true), FifoSpec.of(secure, "lvs"));
    }
}
