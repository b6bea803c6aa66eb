package org.keepalivedj.check.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.checkers.UdpCheckSpec;
import org.keepalivedj.testsupport.fuzz.FuzzTries;
import org.keepalivedj.testsupport.fuzz.Mutator;

/**
 * UDP_CHECK with require_reply against a real loopback UDP server answering mutants of a real reply:
 * each reply ends the attempt at once, and it is up exactly when its length is within the bounds and
 * it starts with the required bytes. (An empty reply is left out: see replies().) 300 tries by default; {@code -Dfuzz.tries=N} for long runs.
 */
class UdpReplyFuzzTest {
    private static final String PATTERN = "cafe0001";
    private static final int MIN = 4;
    private static final int MAX = 64;
    private static final List<byte[]> SAMPLES = List.of(
            HexFormat.of().parseHex("cafe0001000000087374617475733a6f6b"),
            HexFormat.of().parseHex("cafe0001"),
            HexFormat.of().parseHex("cafe00020000"));

    private static NettyCheckRuntime runtime;
    private static UdpCheckFactory factory;
    private static DatagramSocket server;
    private static final AtomicReference<byte[]> REPLY = new AtomicReference<>();

    @BeforeContainer
    static void start() throws Exception {
        runtime = new NettyCheckRuntime(1, 1);
        factory = new UdpCheckFactory(runtime);
        server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread t = new Thread(UdpReplyFuzzTest::serve, "fuzz-udp-server");
        t.setDaemon(true);
        t.start();
    }

    private static void serve() {
        byte[] in = new byte[2048];
        while (!server.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(in, in.length);
                server.receive(p);
                byte[] reply = REPLY.get();
                server.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (Exception e) {
                // a bad round: the attempt under test times out and the property says so
            }
        }
    }

    @AfterContainer
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Property(tries = 300, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(FuzzTries.class)
    void everyReplyIsJudgedAtOnceByItsLengthAndPrefix(@ForAll("replies") byte[] reply) throws Exception {
        REPLY.set(reply);
        CheckerSettings s = new CheckerSettings(
                null,
                0,
                null,
                0,
                null,
                0,
                false,
                false,
                new CheckTiming(null, null, null, Duration.ofSeconds(10), null));
        CheckResult r = factory.create(
                        new UdpCheckSpec(Origin.NONE, s, "00 01", true, PATTERN, MIN, MAX),
                        new CheckTarget("vs", new Endpoint(InetAddress.getLoopbackAddress(), server.getLocalPort())))
                .check()
                .get(30, TimeUnit.SECONDS);
        byte[] prefix = HexFormat.of().parseHex(PATTERN);
        boolean expected = reply.length >= MIN
                && reply.length <= MAX
                && reply.length >= prefix.length
                && Arrays.equals(reply, 0, prefix.length, prefix, 0, prefix.length);
        assertEquals(expected, r.up(), r.detail());
        Statistics.collect(r.up() ? "up" : "down");
    }

    @Provide
    Arbitrary<byte[]> replies() {
        // Netty's native datagram channel does not hand an empty datagram on (it reads as "nothing
        // read"), so an empty reply counts as no reply: down at the timeout, which would only slow this down.
        return Mutator.mutantsOf(SAMPLES, 100).filter(r -> r.length > 0);
    }
}
