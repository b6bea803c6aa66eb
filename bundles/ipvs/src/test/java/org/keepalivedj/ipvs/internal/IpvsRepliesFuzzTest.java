package org.keepalivedj.ipvs.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.netlink.NetlinkMessage;
import org.keepalivedj.testsupport.fuzz.Corpus;
import org.keepalivedj.testsupport.fuzz.FuzzTries;
import org.keepalivedj.testsupport.fuzz.Mutator;

/**
 * IPVS generic netlink replies (services with 64-bit statistics, destinations) mutated from the
 * kernel's layout: the decoders give a result or null (counted by the caller), never an exception.
 * 2,000 tries by default; {@code -Dfuzz.tries=N} for long runs.
 */
class IpvsRepliesFuzzTest {
    private static final String DESTINATION_ANSWER = "0000 0000 0000 0000 0000 0000 0000 0000"
            + "05 01 0000"
            + "5800 0280"
            + "1400 0100 0a000002 00000000 00000000 00000000"
            + "0600 0200 0050 0000"
            + "0800 0300 00000000"
            + "0800 0400 02000000"
            + "0800 0500 00000000"
            + "0800 0600 00000000"
            + "0800 0700 04000000"
            + "0800 0800 01000000"
            + "0600 0b00 0200 0000";

    @Property(tries = 2000, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(FuzzTries.class)
    void decodersGiveAResultOrNullNeverAnException(@ForAll("replies") byte[] reply) {
        for (NetlinkMessage m : NetlinkMessage.parseAll(reply, reply.length).messages()) {
            Object service = IpvsMessages.decodeService(m);
            Object v4 = IpvsMessages.decodeDestination(m, Family.INET);
            Object v6 = IpvsMessages.decodeDestination(m, Family.INET6);
            IpvsMessages.decodeTimeouts(m);
            IpvsMessages.decodeSyncDaemon(m);
            IpvsMessages.decodeVersion(m);
            Statistics.collect(service != null ? "service" : v4 != null || v6 != null ? "destination" : "null");
        }
    }

    /** Replies that once made a decoder throw (fuzz-corpus/ipvs). */
    @Example
    void theCorpusNeverThrows() {
        List<byte[]> corpus = Corpus.inputs(IpvsRepliesFuzzTest.class, "ipvs");
        assertFalse(corpus.isEmpty());
        corpus.forEach(this::decodersGiveAResultOrNullNeverAnException);
    }

    @Provide
    Arbitrary<byte[]> replies() {
        return Mutator.mutantsOf(List.of(sample(IpvsMessagesTest.SERVICE_ANSWER), sample(DESTINATION_ANSWER)), 300);
    }

    /** The hex with its netlink length and generic netlink family filled in, as IpvsMessagesTest does. */
    private static byte[] sample(String hex) {
        byte[] b = Hex.bytes(hex);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, b.length).putShort(4, (short) 0x22);
        return b;
    }
}
