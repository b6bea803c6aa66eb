package org.keepalivedj.statuspage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.keepalivedj.testsupport.osgi.OsgiFramework;
import org.keepalivedj.testsupport.views.Views;

/**
 * The page's timeline is the listener service VRRP, LVS and BFD bind, registered in a real OSGi
 * framework while the page component is active: what a runtime tells that service shows on the
 * page's timeline, after the states found when the runtime was bound.
 */
class StatusPageListenersTest {
    @RegisterExtension
    final OsgiFramework framework = new OsgiFramework();

    private Object service(Class<?> type) throws Exception {
        var refs = framework.context().getServiceReferences(type.getName(), null);
        assertEquals(1, refs == null ? 0 : refs.length, type.getSimpleName() + " services");
        return framework.context().getService(refs[0]);
    }

    @Test
    void theTimelineIsTheListenerServiceWhileThePageIsActive() throws Exception {
        Views.Instance vi = new Views.Instance("VI_1");
        vi.state = InstanceState.MASTER;
        StatusPageServlet page = new StatusPageServlet();
        page.bindVrrp(new Views.Vrrp(List.of(vi)));

        page.activate(framework.context());
        Object vrrp = service(VrrpStateListener.class);
        assertSame(vrrp, service(LvsStateListener.class));
        assertSame(vrrp, service(BfdSessionListener.class));
        Timeline timeline = assertInstanceOf(Timeline.class, vrrp);

        ((VrrpStateListener) vrrp).stateChanged(vi, InstanceState.MASTER, InstanceState.BACKUP);
        assertEquals(
                List.of("vrrp VI_1 MASTER BACKUP", "vrrp VI_1 found MASTER"),
                timeline.recent().stream()
                        .map(e -> e.kind() + " " + e.subject() + " " + e.from() + " " + e.to())
                        .toList());

        page.deactivate();
        for (Class<?> type : List.of(VrrpStateListener.class, LvsStateListener.class, BfdSessionListener.class)) {
            assertTrue(
                    framework.context().getServiceReferences(type.getName(), null) == null,
                    type.getSimpleName() + " gone");
        }
    }
}
