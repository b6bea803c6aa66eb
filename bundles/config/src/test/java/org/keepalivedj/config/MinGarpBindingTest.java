package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.GarpSettings;

/** vrrp_min_garp: one gratuitous ARP at a transition and no second burst, as keepalived 2.2.7 sends. */
class MinGarpBindingTest {

    private static GarpSettings garp(String globals, String instance) throws Exception {
        return Samples.loader()
                .load("global_defs {\n" + globals + "\n}\n" + """
                        vrrp_instance VI_1 {
                            interface lo
                            virtual_router_id 51
                            %s
                            virtual_ipaddress {
                                192.0.2.1/32
                            }
                        }
                        """.formatted(instance), "t.conf", Path.of("."))
                .config()
                .vrrpInstances()
                .get("VI_1")
                .garp();
    }

    @Test
    void keepalivedsFiveAndFiveUnlessSet() throws Exception {
        GarpSettings g = garp("", "");
        assertEquals(5, g.masterRepeat());
        assertEquals(Duration.ofSeconds(5), g.masterDelay());
    }

    @Test
    void minGarpSendsOneAndNoSecondBurst() throws Exception {
        GarpSettings g = garp("vrrp_min_garp", "");
        assertEquals(1, g.masterRepeat());
        assertEquals(Duration.ZERO, g.masterDelay());
        assertEquals(GarpSettings.DEFAULTS.lowerPrioRepeat(), g.lowerPrioRepeat());
    }

    @Test
    void explicitKeywordsStillWin() throws Exception {
        assertEquals(3, garp("vrrp_min_garp\nvrrp_garp_master_repeat 3", "").masterRepeat());
        assertEquals(
                Duration.ofSeconds(2),
                garp("vrrp_min_garp", "garp_master_delay 2").masterDelay());
        assertEquals(5, garp("vrrp_min_garp false", "").masterRepeat());
    }
}
