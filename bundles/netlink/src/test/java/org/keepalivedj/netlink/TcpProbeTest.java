package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** TcpProbe against real sockets on loopback: the socket is kept between probes and each probe ends in a reset. */
class TcpProbeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void probesReuseOneSocketAndResetEachConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
                TcpProbe probe = new TcpProbe(new InetSocketAddress(LOOPBACK, server.getLocalPort()), null)) {
            assertEquals(TcpProbe.State.CONNECTED, probe.start());
            int fd = probe.fd();
            probe.reset();
            try (Socket first = server.accept()) {
                InputStream in = first.getInputStream();
                // the reset reached the server: a read fails with "Connection reset"
                assertThrows(SocketException.class, in::read);
            }
            assertEquals(TcpProbe.State.CONNECTED, probe.start(), "the same socket connects again after the reset");
            assertEquals(fd, probe.fd());
            probe.reset();
            try (Socket second = server.accept()) {
                assertTrue(second.getPort() > 0);
            }
        }
    }

    @Test
    void aRefusedConnectFailsWithTheKernelsWordsAndTheSocketStaysUsable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            closedPort = s.getLocalPort();
        }
        try (TcpProbe probe = new TcpProbe(new InetSocketAddress(LOOPBACK, closedPort), null)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(TcpProbe.State.FAILED, probe.start());
                assertEquals(Errno.ECONNREFUSED, probe.errno());
                assertEquals("connection refused", probe.error());
                probe.reset();
            }
        }
    }

    @Test
    void bindsToTheGivenSourcePort() throws Exception {
        int sourcePort;
        try (ServerSocket free = new ServerSocket(0, 1, LOOPBACK)) {
            sourcePort = free.getLocalPort();
        }
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
                TcpProbe probe = new TcpProbe(
                        new InetSocketAddress(LOOPBACK, server.getLocalPort()),
                        new InetSocketAddress(LOOPBACK, sourcePort))) {
            assertEquals(TcpProbe.State.CONNECTED, probe.start());
            probe.reset();
            try (Socket accepted = server.accept()) {
                assertEquals(sourcePort, accepted.getPort());
            }
        }
    }
}
