package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.AdvertOptions;

/** down_timer_adverts and higher_prio_send_advert: the instance's, else global_defs' vrrp_ ones, else the RFC's. */
class AdvertOptionsBindingTest {
    private static KeepalivedConfigLoader.Result load(String globals, String instance) throws Exception {
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
                """.formatted(instance), "t.conf", Path.of("."));
    }

    private static AdvertOptions options(String globals, String instance) throws Exception {
        return load(globals, instance).config().vrrpInstances().get("VI_1").advertOptions();
    }

    @Test
    void theRfcUnlessSet() throws Exception {
        assertEquals(AdvertOptions.RFC, options("", ""));
    }

    @Test
    void theInstanceWinsOverGlobalDefs() throws Exception {
        assertEquals(
                new AdvertOptions(5, true), options("vrrp_down_timer_adverts 5\nvrrp_higher_prio_send_advert", ""));
        assertEquals(
                new AdvertOptions(2, false),
                options(
                        "vrrp_down_timer_adverts 5\nvrrp_higher_prio_send_advert",
                        "down_timer_adverts 2\nhigher_prio_send_advert false"));
    }

    @Test
    void strictModeKeepsTheRfcsYield() throws Exception {
        var result = load("vrrp_strict", "higher_prio_send_advert");
        assertEquals(
                new AdvertOptions(3, false),
                result.config().vrrpInstances().get("VI_1").advertOptions());
        assertTrue(
                result.warnings().stream()
                        .anyMatch(p -> p.toString().startsWith("t.conf:7:5: warning:")
                                && p.message().contains("higher_prio_send_advert cannot be set in strict mode")),
                result.warnings()::toString);
    }
}
