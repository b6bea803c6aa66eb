package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the engine programmed never outlives its hold on a plane: at shutdown OSGi may unbind the
 * plane before the LVS subsystem stops, so losing or replacing the plane clears it.
 */
class PlaneLifecycleTest {
    private static final String CONF = """
            virtual_server 192.0.2.1 80 {
                protocol TCP
                real_server 10.0.0.1 80 {
                    TCP_CHECK {
                    }
                }
            }
            """;

    @Test
    void losingThePlaneClearsWhatWasProgrammedThere() {
        Rig rig = new Rig().load(CONF);
        assertEquals(1, rig.plane.last().size(), "the service is programmed");

        rig.engine.setPlane(null);

        assertEquals(1, rig.plane.clears);
        assertEquals(List.of(), rig.plane.last());
    }

    @Test
    void anotherPlaneGetsTheServicesAndTheOldOneIsCleared() {
        Rig rig = new Rig().load(CONF);
        RecordingPlane next = new RecordingPlane();

        rig.engine.setPlane(next);
        rig.clock.runPending();

        assertEquals(1, rig.plane.clears);
        assertEquals(List.of(), rig.plane.last());
        assertEquals(1, next.last().size(), "the new plane holds the service");
        assertEquals(0, next.clears);
    }

    @Test
    void bindingTheSamePlaneAgainKeepsItsServices() {
        Rig rig = new Rig().load(CONF);

        rig.engine.setPlane(rig.plane);
        rig.clock.runPending();

        assertEquals(0, rig.plane.clears);
        assertEquals(1, rig.plane.last().size());
    }
}
