package org.keepalivedj.api.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.daemon.ReloadPlan.Action;
import org.keepalivedj.api.daemon.ReloadPlan.Section;

class ReloadPlanTest {

    @Test
    void partsAreMergedInSectionOrderAndPrintedOneLinePerChange() {
        ReloadPlan lvs = new ReloadPlan.Builder()
                .add(Section.REAL_SERVER, Action.CHANGE, "10.0.0.2:80 of 192.0.2.1:80/tcp", "weight", "1", "3")
                .build();
        ReloadPlan vrrp = new ReloadPlan.Builder()
                .add(Section.VRRP_INSTANCE, Action.CHANGE, "VI_1", "priority", "100", "150")
                .add(Section.VRRP_INSTANCE, Action.RESTART, "VI_2", "virtual_ipaddress", null, "192.0.2.9/24 dev eth0")
                .add(Section.VRRP_INSTANCE, Action.REMOVE, "VI_3", null, null, null)
                .add(
                        Section.VRRP_INSTANCE,
                        Action.EFFECT,
                        "VI_3",
                        "MASTER sends priority 0 and removes its VIPs",
                        null,
                        null)
                .build();
        ReloadPlan plan = ReloadPlan.of(List.of(lvs, vrrp));
        assertEquals("""
                vrrp_instance:
                  change VI_1: priority 100 -> 150
                  restart VI_2: virtual_ipaddress + 192.0.2.9/24 dev eth0
                  remove VI_3
                  effect VI_3: MASTER sends priority 0 and removes its VIPs
                real_server:
                  change 10.0.0.2:80 of 192.0.2.1:80/tcp: weight 1 -> 3
                """, plan.text());
        assertEquals(1, plan.of(Section.REAL_SERVER).size());
        assertEquals("no changes\n", ReloadPlan.EMPTY.text());
    }
}
