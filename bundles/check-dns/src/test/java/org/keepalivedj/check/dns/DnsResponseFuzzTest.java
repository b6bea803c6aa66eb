package org.keepalivedj.check.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.ChannelAttempt;
import org.keepalivedj.config.checkers.DnsCheckSpec;
import org.keepalivedj.testsupport.fuzz.FuzzTries;
import org.keepalivedj.testsupport.fuzz.Mutator;

/**
 * DNS_CHECK's reply handling (Netty's DNS decoder and our judge, in the pipeline the checker builds)
 * fed mutants of real DNS responses: nothing is thrown out of the pipeline, and a reply either ends
 * the attempt (up or down) or is dropped and counted as a stray. 1,000 tries by default;
 * {@code -Dfuzz.tries=N} for long runs.
 */
class DnsResponseFuzzTest {
    private static final int ID = 0x1234;
    private static final List<String> SAMPLES = List.of(
            // A example.org: one answer, name compressed
            "123481800001000100000000076578616d706c65036f72670000010001c00c0001000100000e100004c0000201",
            // NXDOMAIN with the SOA in the authority section
            "123481830001000000010000076578616d706c65036f72670000010001c00c0006000100000e10003c026e73076578616d"
                    + "706c65036f7267000a686f73746d6173746572076578616d706c65036f72670078c4065900001c2000000e10"
                    + "0012750000000e10",
            // www.example.org: a CNAME then an A, and an OPT record in the additional section
            "12348180000100020000000103777777076578616d706c65036f72670000010001c00c00050001000000780002c010"
                    + "c010000100010000007800045db8d8220000291000000000000000",
            // AAAA answer
            "123481800001000100000000076578616d706c65036f726700001c0001c00c001c000100000078001020010db80000"
                    + "00000000000000000001");
    private static final DnsChecker CHECKER = new DnsChecker(
            null,
            new DnsCheckSpec(
                    Origin.NONE,
                    new CheckerSettings(
                            null,
                            0,
                            null,
                            0,
                            null,
                            0,
                            false,
                            false,
                            new CheckTiming(null, null, null, Duration.ofSeconds(5), null)),
                    "A",
                    "example.org"),
            new CheckTarget("vs", new Endpoint(InetAddress.getLoopbackAddress(), 53)));

    @Property(tries = 1000, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(FuzzTries.class)
    void everyReplyEndsTheAttemptOrIsCountedAsAStray(@ForAll("replies") byte[] reply) throws Exception {
        Statistics.collect(judge(reply));
    }

    @Example
    void theUnmutatedSamplesAreJudged() throws Exception {
        assertEquals("up", judge(HexFormat.of().parseHex(SAMPLES.get(0))));
        assertEquals("down", judge(HexFormat.of().parseHex(SAMPLES.get(1))));
        assertEquals("up", judge(HexFormat.of().parseHex(SAMPLES.get(2))));
        assertEquals("up", judge(HexFormat.of().parseHex(SAMPLES.get(3))));
        byte[] otherId = HexFormat.of().parseHex(SAMPLES.get(0));
        otherId[1] = 0x35;
        assertEquals("stray", judge(otherId));
    }

    /** "up", "down" or "stray"; fails when an exception leaves the pipeline. */
    private static String judge(byte[] reply) throws Exception {
        ChannelAttempt attempt = ChannelAttempt.open(Duration.ofSeconds(5));
        DnsChecker.Answer answer = CHECKER.new Answer(attempt, ID);
        EmbeddedChannel channel = new EmbeddedChannel(new DatagramDnsResponseDecoder(), answer);
        try {
            channel.writeInbound(new DatagramPacket(
                    Unpooled.wrappedBuffer(reply),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 53)));
            channel.checkException();
        } finally {
            channel.finishAndReleaseAll();
        }
        if (attempt.done()) {
            CheckResult r = attempt.result().get(1, TimeUnit.SECONDS);
            assertEquals(0, answer.strays());
            return r.up() ? "up" : "down";
        }
        assertEquals(1, answer.strays(), "a reply that did not end the attempt is counted");
        return "stray";
    }

    @Provide
    Arbitrary<byte[]> replies() {
        return Mutator.mutantsOf(
                SAMPLES.stream().map(h -> HexFormat.of().parseHex(h)).toList(), 512);
    }
}
