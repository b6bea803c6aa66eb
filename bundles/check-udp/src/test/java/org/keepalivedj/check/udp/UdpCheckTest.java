package org.keepalivedj.check.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.checkers.UdpCheckSpec;

/** UDP_CHECK against real UDP sockets on loopback; a closed port answers with ICMP port unreachable. */
class UdpCheckTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static NettyCheckRuntime runtime;
    private static UdpCheckFactory factory;

    @BeforeAll
    static void start() {
        runtime = new NettyCheckRuntime(1, 1);
        factory = new UdpCheckFactory(runtime);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static CheckResult check(
            int port, String payload, boolean require, String reply, int min, int max, long timeoutMs)
            throws Exception {
        CheckerSettings s = new CheckerSettings(
                null,
                0,
                null,
                0,
                null,
                0,
                false,
                false,
                new CheckTiming(null, null, null, Duration.ofMillis(timeoutMs), null));
        return factory.create(
                        new UdpCheckSpec(Origin.NONE, s, payload, require, reply, min, max),
                        new CheckTarget("vs", new Endpoint(LOOPBACK, port)))
                .check()
                .get(30, TimeUnit.SECONDS);
    }

    /** Answers one datagram with reply, and hands back what it received. */
    private static CompletableFuture<byte[]> echoOnce(DatagramSocket server, byte[] reply) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        server.setSoTimeout(5000);
                        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                        server.receive(p);
                        if (reply != null) {
                            server.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                        }
                        return Arrays.copyOf(p.getData(), p.getLength());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                task -> new Thread(task, "test-server").start()); // its own thread: the common pool may have one
    }

    private static int closedPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @Test
    void replyWithinBoundsIsUp() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, LOOPBACK)) {
            var got = echoOnce(server, new byte[] {(byte) 0xca, (byte) 0xfe, 1, 2});
            CheckResult r = check(server.getLocalPort(), "de ad be ef", true, "cafe", 2, 10, 10_000);
            assertTrue(r.up(), r.detail());
            assertEquals("deadbeef", java.util.HexFormat.of().formatHex(got.get(5, TimeUnit.SECONDS)));
        }
    }

    @Test
    void wrongReplyIsDown() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, LOOPBACK)) {
            echoOnce(server, new byte[] {1, 2, 3});
            CheckResult r = check(server.getLocalPort(), "00", true, "cafe", 0, 0, 10_000);
            assertFalse(r.up());
            assertTrue(r.detail().contains("does not start with cafe"), r.detail());
        }
        try (DatagramSocket server = new DatagramSocket(0, LOOPBACK)) {
            echoOnce(server, new byte[20]);
            CheckResult r = check(server.getLocalPort(), "00", true, null, 0, 10, 10_000);
            assertFalse(r.up());
            assertTrue(r.detail().contains("20 bytes"), r.detail());
        }
    }

    @Test
    void icmpPortUnreachableIsDown() throws Exception {
        CheckResult r = check(closedPort(), "00", false, null, 0, 0, 10_000);
        assertFalse(r.up());
        assertEquals("ICMP port unreachable", r.detail());
    }

    @Test
    void silenceIsUpWithoutRequireReplyAndDownWithIt() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, LOOPBACK)) {
            assertTrue(
                    check(server.getLocalPort(), "00", false, null, 0, 0, 300).up());
            CheckResult r = check(server.getLocalPort(), "00", true, null, 0, 0, 300);
            assertFalse(r.up());
            assertTrue(r.detail().contains("timed out"), r.detail());
        }
    }
}
