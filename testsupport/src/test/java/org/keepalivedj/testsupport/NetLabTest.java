package org.keepalivedj.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@RequiresRoot
@ExtendWith(NetLabExtension.class)
class NetLabTest {

    @Test
    void nodesOnTheBridgeReachEachOther(NetLab lab) throws Exception {
        Netns a = lab.node("a", "10.77.0.1/24", "fd77::1/64");
        lab.node("b", "10.77.0.2/24", "fd77::2/64");
        assertTrue(a.call(() -> InetAddress.getByName("10.77.0.2").isReachable(2000)), "IPv4 echo across the bridge");
        assertTrue(a.call(() -> InetAddress.getByName("fd77::2").isReachable(2000)), "IPv6 echo across the bridge");
        String bridgePorts = lab.switchNamespace()
                .execOrThrow("ip", "-br", "link", "show", "master", NetLab.BRIDGE)
                .stdout();
        assertTrue(
                bridgePorts.contains(NetLab.portName("a")) && bridgePorts.contains(NetLab.portName("b")), bridgePorts);
        // The host namespace got nothing of ours.
        assertFalse(Commands.run("ip", "-br", "link").stdout().contains(NetLab.portName("a") + "@"));
    }

    @Test
    void javaCodeRunsInsideTheNamespace(NetLab lab) throws Exception {
        Netns a = lab.node("a", "10.77.0.1/24");
        Netns b = lab.node("b", "10.77.0.2/24");
        // The socket is opened on a's thread and stays in a's namespace afterwards.
        ServerSocket server = a.call(() -> new ServerSocket(0, 1, InetAddress.getByName("10.77.0.1")));
        try (server) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = server.accept();
                        OutputStream out = s.getOutputStream()) {
                    out.write(42);
                } catch (IOException ignored) {
                    // the assertion below fails instead
                }
            });
            acceptor.start();
            int got = b.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("10.77.0.1", server.getLocalPort()), 2000);
                    InputStream in = s.getInputStream();
                    return in.read();
                }
            });
            assertEquals(42, got);
            acceptor.join(2000);
        }
        // The test thread itself is still in the host namespace, where that address does not exist.
        assertThrows(BindException.class, () -> new ServerSocket(0, 1, InetAddress.getByName("10.77.0.1")).close());
    }

    @Test
    void closeRemovesEverythingEvenAfterAFailure() {
        NetLab lab = NetLab.create();
        try {
            lab.node("a", "10.77.0.1/24");
            Process sleeper = lab.get("a").start("sleep", "60");
            assertTrue(sleeper.isAlive());
            assertThrows(IllegalArgumentException.class, () -> lab.node("a"));
            lab.close();
            assertFalse(sleeper.isAlive(), "processes started in the namespace are stopped");
        } finally {
            lab.close();
        }
        assertFalse(Commands.run("ip", "netns", "list").stdout().contains(lab.id()), "namespaces left behind");
    }

    @Test
    void directVethPairsWork(NetLab lab) throws Exception {
        Netns x = lab.namespace("x");
        Netns y = lab.namespace("y");
        lab.vethPair(x, "vx", y, "vy");
        NetLab.addAddress(x, "vx", "10.78.0.1/30");
        NetLab.addAddress(y, "vy", "10.78.0.2/30");
        assertTrue(x.call(() -> InetAddress.getByName("10.78.0.2").isReachable(2000)));
        assertThrows(IllegalArgumentException.class, () -> lab.vethPair(x, "a-name-that-is-too-long", y, "vy2"));
    }

    @Test
    void aNodeCanSitOnTwoSegments(NetLab lab) throws Exception {
        Netns client = lab.node("client", "10.81.0.10/24");
        Netns router = lab.node("router", "10.81.0.1/24");
        Netns server = lab.namespace("server");
        lab.attach(router, "lan2", "eth1", "10.82.0.1/24");
        lab.attach(server, "lan2", "eth0", "10.82.0.20/24");
        router.execOrThrow("sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
        client.execOrThrow("ip", "route", "add", "10.82.0.0/24", "via", "10.81.0.1");
        server.execOrThrow("ip", "route", "add", "10.81.0.0/24", "via", "10.82.0.1");
        assertTrue(
                client.call(() -> InetAddress.getByName("10.82.0.20").isReachable(2000)), "routed across two segments");
        // The two segments are separate bridges: the server is not on the client's LAN.
        assertFalse(lab.switchNamespace()
                .execOrThrow("ip", "-br", "link", "show", "master", NetLab.BRIDGE)
                .stdout()
                .contains("eth0"));
        assertTrue(lab.switchNamespace()
                .execOrThrow("ip", "-br", "link", "show", "master", "lan2")
                .stdout()
                .contains("p1-eth0"));
    }
}
