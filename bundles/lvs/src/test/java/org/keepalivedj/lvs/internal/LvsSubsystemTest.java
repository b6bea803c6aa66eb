package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.config.checkers.BuiltinCheckers;

/** The OSGi component on its real thread, with a real TCP check against a loopback server. */
class LvsSubsystemTest {

    /** A blocking TCP connect on a plain thread: enough for loopback. */
    private static final class LoopbackTcpCheck implements HealthCheckerFactory {
        @Override
        public Set<String> keywords() {
            return Set.of("TCP_CHECK");
        }

        @Override
        public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
            return BuiltinCheckers.registry().find("TCP_CHECK").orElseThrow().bind(block, sink);
        }

        @Override
        public HealthChecker create(CheckerSpec spec, CheckTarget target) {
            return () -> CompletableFuture.supplyAsync(() -> {
                try (var s = new java.net.Socket()) {
                    s.connect(
                            new InetSocketAddress(
                                    target.realServer().address(),
                                    target.realServer().port()),
                            1000);
                    return CheckResult.up("connected");
                } catch (java.io.IOException e) {
                    return CheckResult.down(e.getMessage());
                }
            });
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(10); // polling with a deadline
        }
    }

    @Test
    void appliesConfigsChecksForRealAndFollowsAFactoryThatComesLate() throws Exception {
        LvsSubsystem lvs = new LvsSubsystem();
        RecordingPlane plane = new RecordingPlane();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int up = server.getLocalPort();
            int down;
            try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                down = closed.getLocalPort();
            }
            lvs.activate();
            assertEquals("lvs", lvs.name());
            assertEquals(Subsystem.Kind.CHECKER, lvs.kind());
            assertEquals(Subsystem.ORDER_LVS, lvs.order());
            lvs.setPlane(plane);
            lvs.apply(Rig.parse("""
                    virtual_server 192.0.2.1 80 {
                        protocol TCP
                        delay_loop 0.2
                        real_server 127.0.0.1 %d {
                            TCP_CHECK {
                                retry 0
                            }
                        }
                        real_server 127.0.0.1 %d {
                            TCP_CHECK {
                                retry 0
                            }
                        }
                    }
                    """.formatted(up, down)));
            assertEquals(1, lvs.virtualServers().size());
            var vs = lvs.virtualServer("192.0.2.1:80/tcp").orElseThrow();
            assertTrue(vs.realServers().stream().allMatch(r -> r.up()), "start state before any checker");

            lvs.addFactory(new LoopbackTcpCheck());
            waitFor(() -> !vs.realServer("127.0.0.1:" + down).orElseThrow().up());
            waitFor(() -> vs.realServer("127.0.0.1:" + up)
                            .orElseThrow()
                            .checkers()
                            .get(0)
                            .attempts()
                    > 0);
            assertTrue(vs.realServer("127.0.0.1:" + up).orElseThrow().up());
            assertEquals(
                    "connected",
                    vs.realServer("127.0.0.1:" + up)
                            .orElseThrow()
                            .checkers()
                            .get(0)
                            .lastDetail());
            assertEquals("recording", lvs.planeName());
            waitFor(() -> plane.last().size() == 1 && plane.weights().equals(Map.of("127.0.0.1:" + up, 1)));

            lvs.stop();
            assertTrue(lvs.virtualServers().isEmpty());
            assertEquals(1, plane.clears);
        } finally {
            lvs.deactivate();
        }
    }

    /** A VRRP runtime with one instance holding 192.0.2.1. */
    private static VrrpRuntime vrrp(InstanceState state) {
        VrrpInstanceView instance = (VrrpInstanceView) java.lang.reflect.Proxy.newProxyInstance(
                VrrpInstanceView.class.getClassLoader(),
                new Class<?>[] {VrrpInstanceView.class},
                (p, m, a) -> switch (m.getName()) {
                    case "state" -> state;
                    case "virtualAddresses" -> List.of("192.0.2.1/24 dev eth0");
                    case "name" -> "VI_1";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return new VrrpRuntime() {
            @Override
            public List<VrrpInstanceView> instances() {
                return List.of(instance);
            }

            @Override
            public Optional<VrrpInstanceView> instance(String name) {
                return Optional.of(instance);
            }

            @Override
            public Map<String, List<String>> syncGroups() {
                return Map.of();
            }
        };
    }

    @Test
    void haSuspendFollowsTheVrrpInstanceThatHoldsTheAddress() throws Exception {
        InetAddress vip = InetAddress.getByName("192.0.2.1");
        assertTrue(LvsSubsystem.active(vrrp(InstanceState.MASTER), vip));
        assertFalse(LvsSubsystem.active(vrrp(InstanceState.BACKUP), vip));
        assertFalse(LvsSubsystem.active(vrrp(InstanceState.FAULT), vip));
        assertTrue(
                LvsSubsystem.active(vrrp(InstanceState.BACKUP), InetAddress.getByName("192.0.2.2")),
                "an address no instance holds is not held back");
    }
}
