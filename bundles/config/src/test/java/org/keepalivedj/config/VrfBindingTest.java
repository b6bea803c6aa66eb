package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigProblem;

/**
 * vrf beside interface, as keepalived 2.2.7 takes it: ignored with a complaint at its line (which
 * makes -t say "would run with errors", as 2.2.7's does); the instance keeps its interface. vrf
 * without interface is an error (src/test/resources/broken/vrf-without-interface.conf).
 */
class VrfBindingTest {

    @Test
    void vrfBesideInterfaceIsIgnoredWithAWarningAtItsLine() throws Exception {
        KeepalivedConfigLoader.Result r = Samples.loader()
                .load(
                        "vrrp_instance VI {\n  interface eth9\n  vrf blue\n  virtual_router_id 52\n"
                                + "  virtual_ipaddress {\n    10.9.0.100/24\n  }\n}\n",
                        "v.conf",
                        Path.of("."));
        List<String> vrf = r.warnings().stream()
                .filter(w -> w.message().contains("vrf"))
                .map(ConfigProblem::toString)
                .toList();
        assertEquals(
                List.of("v.conf:3:3: warning: vrrp_instance VI: vrf is ignored beside interface:"
                        + " the instance runs in the VRF its interface is enslaved to"),
                vrf);
        assertTrue(r.warnings().stream()
                .filter(w -> w.message().contains("vrf"))
                .allMatch(w -> w.severity() == ConfigProblem.Severity.WARNING));
        assertEquals("eth9", r.config().vrrpInstances().get("VI").interfaceName());
    }
}
