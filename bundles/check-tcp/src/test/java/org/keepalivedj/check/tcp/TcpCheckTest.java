package org.keepalivedj.check.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.checkers.SimpleCheckSpec;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/** TCP_CHECK against real sockets on loopback and, for the timeout, a dead address in a namespace. */
class TcpCheckTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static NettyCheckRuntime runtime;
    private static TcpCheckFactory factory;

    @BeforeAll
    static void start() {
        runtime = new NettyCheckRuntime(2, 2);
        factory = new TcpCheckFactory(runtime);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static CheckResult check(CheckerSettings settings, InetAddress ip, int port) throws Exception {
        return factory.create(new SimpleCheckSpec("TCP_CHECK", Origin.NONE, settings),
                new CheckTarget("vs", new Endpoint(ip, port))).check().get(10, TimeUnit.SECONDS);
    }

    private static CheckerSettings timeout(Duration t) {
        return new CheckerSettings(null, 0, null, 0, null, 0, false, false,
                new CheckTiming(null, null, null, t, null));
    }

    @Test
    void listeningServerIsUp() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            CheckResult r = check(CheckerSettings.NONE, LOOPBACK, server.getLocalPort());
            assertTrue(r.up(), r.detail());
        }
    }

    @Test
    void refusedIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, LOOPBACK)) {
            port = s.getLocalPort();
        }
        CheckResult r = check(CheckerSettings.NONE, LOOPBACK, port);
        assertFalse(r.up());
        assertTrue(r.detail().contains("connection refused"), r.detail());
    }

    @Test
    void connectPortAndBindPortAreHonoured() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            int sourcePort;
            try (ServerSocket free = new ServerSocket(0, 50, LOOPBACK)) {
                sourcePort = free.getLocalPort();
            }
            // The real server's port is wrong; connect_port points at the listener.
            CheckerSettings s = new CheckerSettings(LOOPBACK, server.getLocalPort(), LOOPBACK, sourcePort, null, 0,
                    false, false, CheckTiming.UNSET);
            CheckResult r = check(s, InetAddress.getByName("127.0.0.2"), 1);
            assertTrue(r.up(), r.detail());
            try (Socket accepted = server.accept()) {
                assertEquals(sourcePort, accepted.getPort());
            }
        }
    }

    @Test
    @RequiresRoot
    @ExtendWith(NetLabExtension.class)
    void silentServerTimesOut(NetLab lab) throws Exception {
        Netns client = lab.node("client", "10.77.0.1/24");
        // 10.77.0.9 does not exist: the SYN gets no answer (ARP fails), so the connect_timeout fires.
        CheckerSettings s = timeout(Duration.ofMillis(300));
        long start = System.nanoTime();
        CheckResult r = client.call(() -> factory.create(new SimpleCheckSpec("TCP_CHECK", Origin.NONE, s),
                new CheckTarget("vs", new Endpoint(InetAddress.getByName("10.77.0.9"), 80))).check())
                .get(10, TimeUnit.SECONDS);
        assertFalse(r.up());
        assertTrue(r.detail().contains("timed out"), r.detail());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "took too long for a 300 ms timeout");
    }
}
