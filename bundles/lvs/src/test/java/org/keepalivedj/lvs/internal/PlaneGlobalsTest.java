package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * global_defs' data plane keywords as the engine hands them to the plane: the start flush once,
 * timeouts on change, the sync daemons following their VRRP instance, and the stop.
 */
class PlaneGlobalsTest {
    private static final String VS = """
            virtual_server 192.0.2.10 80 {
                protocol TCP
                real_server 192.0.2.20 80 {
                }
            }
            vrrp_instance VI_1 {
                interface lo
                virtual_router_id 51
                virtual_ipaddress {
                    192.0.2.10/32
                }
            }
            """;

    /** A VRRP whose VI_1 is MASTER when the test says so. */
    private static final class Vrrp implements MasterGate {
        boolean master;

        @Override
        public boolean active(InetAddress address) {
            return true;
        }

        @Override
        public boolean isMaster(String instance) {
            return master && instance.equals("VI_1");
        }
    }

    private static String globals(String lines) {
        return "global_defs {\n" + lines + "\n}\n" + VS;
    }

    @Test
    void flushAtStartOnlyBeforeTheFirstServicesNeverOnReload() {
        Rig rig = new Rig().load(globals("lvs_flush"));
        assertEquals(List.of("flushAll"), rig.plane.globalCalls);
        assertEquals(1, rig.plane.last().size(), "our service added after the flush");
        rig.load(globals("lvs_flush\nrouter_id changed"));
        assertEquals(List.of("flushAll"), rig.plane.globalCalls, "a reload does not flush");
    }

    @Test
    void timeoutsGoToThePlaneWhenTheyChange() {
        Rig rig = new Rig().load(globals("lvs_timeouts tcp 900 udp 300"));
        rig.load(globals("lvs_timeouts tcp 900 udp 300\nrouter_id same-timeouts"));
        rig.load(globals("lvs_timeouts tcp 600"));
        assertEquals(
                List.of("timeouts tcp 900 tcpfin 0 udp 300", "timeouts tcp 600 tcpfin 0 udp 0"), rig.plane.globalCalls);
    }

    @Test
    void theSyncDaemonsFollowTheInstanceAndStopWithTheEngine() {
        Rig rig = new Rig();
        Vrrp vrrp = new Vrrp();
        rig.engine.setMasterGate(vrrp);
        rig.load(globals("lvs_sync_daemon eth0 VI_1"));
        vrrp.master = true;
        rig.engine.masterStateChanged();
        rig.clock.runPending();
        vrrp.master = false;
        rig.engine.masterStateChanged();
        rig.clock.runPending();
        rig.engine.stop();
        assertEquals(
                List.of("sync [BACKUP] eth0 51", "sync [MASTER] eth0 51", "sync [BACKUP] eth0 51", "sync [] eth0 51"),
                rig.plane.globalCalls,
                "the sync id defaults to the instance's VRID");
        assertEquals(1, rig.plane.clears, "our services removed at stop");
    }

    @Test
    void withoutAnInstanceBothDaemonsRunWithTheGivenId() {
        Rig rig = new Rig().load(globals("lvs_sync_daemon eth1 id 9"));
        assertEquals(List.of("sync [MASTER, BACKUP] eth1 9"), rig.plane.globalCalls);
    }

    @Test
    void flushOnStopEmptiesTheWholeTableInsteadOfRemovingOurs() {
        Rig rig = new Rig().load(globals("lvs_flush_on_stop"));
        rig.engine.stop();
        assertEquals(List.of("flushAll"), rig.plane.globalCalls);
        assertEquals(0, rig.plane.clears);
        Rig vs = new Rig().load(globals("lvs_flush_on_stop VS"));
        vs.engine.stop();
        assertEquals(List.of(), vs.plane.globalCalls);
        assertEquals(1, vs.plane.clears, "VS: our services, one call");
    }
}
