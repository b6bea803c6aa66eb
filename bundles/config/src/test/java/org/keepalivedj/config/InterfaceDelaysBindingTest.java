package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.model.InterfaceDelays;
import org.keepalivedj.api.model.KeepalivedConfig;

/** interface_up_down_delays lines: down and up delay in seconds 0-255; a bad value is an error at its word. */
class InterfaceDelaysBindingTest {
    private static KeepalivedConfig load(String lines) throws Exception {
        return Samples.loader()
                .load("interface_up_down_delays {\n" + lines + "\n}\n", "t.conf", Path.of("."))
                .config();
    }

    @Test
    void downAndUpDelaysWithUpDefaultingToDown() throws Exception {
        var delays = load("eth9 1.5 0.000010\neth1 2").interfaceUpDownDelays();
        InterfaceDelays eth9 = delays.get("eth9");
        assertEquals(Duration.ofMillis(1500), eth9.down());
        assertEquals(Duration.ofNanos(10_000), eth9.up());
        assertEquals(Duration.ofSeconds(2), delays.get("eth1").up());
    }

    @Test
    void badValuesAreErrorsAtTheirWord() {
        for (String bad : new String[] {"eth9 300", "eth9 abc", "eth9 2 256", "eth9 -1", "eth9"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(bad), bad);
            assertTrue(e.getMessage().contains("t.conf:2:"), e::getMessage);
            assertTrue(e.getMessage().contains("interface_up_down_delays"), e::getMessage);
        }
    }

    @Test
    void theDumpWritesBothDelays() throws Exception {
        String dump = ConfigDump.dump(load("eth9 1.5"));
        assertTrue(dump.contains("interface_up_down_delays {\n    eth9 1.5 1.5\n}"), dump);
    }
}
