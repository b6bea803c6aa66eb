package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.keepalivedj.netlink.internal.RtnlMessages;
import org.keepalivedj.testsupport.fuzz.Corpus;
import org.keepalivedj.testsupport.fuzz.FuzzTries;
import org.keepalivedj.testsupport.fuzz.Mutator;

/**
 * Arbitrary bytes and mutants of captured kernel messages never make the decoders throw; what the
 * builder writes reads back. Tries: 500 (junit-platform.properties) and 2,000 for the mutants;
 * {@code -Dfuzz.tries=N} runs the mutants longer.
 */
class CodecPropertyTest {

    @Property
    void decodersNeverThrowOnArbitraryBytes(@ForAll @Size(max = 300) byte[] data) {
        NetlinkMessage.Batch batch = NetlinkMessage.parseAll(data, data.length);
        for (NetlinkMessage m : batch.messages()) {
            RtnlMessages.decodeLink(m);
            RtnlMessages.decodeAddress(m);
            RtnlMessages.decodeRoute(m, i -> "if" + i);
            RtnlMessages.decodeRule(m);
            NetlinkSocket.extendedMessage(m);
            NetlinkSocket.errorCode(m);
            GenericNetlink.decodeFamily(m);
            m.attributes(16).all();
        }
        NetlinkAttributes.parse(ByteBuffer.wrap(data)).all();
        VrrpSocket.decodeIpv4(data, 1);
    }

    /** Messages captured from the kernel (CodecTest): address v4 and v6, route, an error with its request. */
    private static final List<byte[]> CAPTURED = Stream.of(
                    "34000000140005062463076b000000000218000001000000080002000a000001090003006c6f3a3100000000080001000a000001",
                    "40000000140005062463076b000000000a4002000100000014000200fd00000000000000000000000000000114000100fd000000"
                            + "000000000000000000000001",
                    "34000000180005062563076b00000000021000006412000100000000080001000a090000080005000a0000020800060005000000",
                    "2c000000020000030700000000000000efffffff340000001400050607000000000000000800010062616400")
            .map(h -> HexFormat.of().parseHex(h))
            .toList();

    /** Mutants of real messages get past the header checks, where random bytes rarely do. */
    @Property(tries = 2000, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(FuzzTries.class)
    void decodersNeverThrowOnMutantsOfCapturedMessages(@ForAll("mutants") byte[] data) {
        decodersNeverThrowOnArbitraryBytes(data);
    }

    /** Inputs that once made a decoder throw (fuzz-corpus/netlink). */
    @Example
    void theCorpusNeverThrows() {
        List<byte[]> corpus = Corpus.inputs(CodecPropertyTest.class, "netlink");
        assertFalse(corpus.isEmpty());
        corpus.forEach(this::decodersNeverThrowOnArbitraryBytes);
    }

    @Provide
    Arbitrary<byte[]> mutants() {
        return Mutator.mutantsOf(CAPTURED, 300);
    }

    @Property
    void attributesRoundTrip(@ForAll @Size(max = 20) List<@Size(max = 40) byte[]> values) {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(100, 0, "prop").u32(0);
        for (int i = 0; i < values.size(); i++) {
            b.attr(i + 1, values.get(i));
        }
        byte[] bytes = b.build(1, 0);
        NetlinkAttributes a =
                NetlinkMessage.parseAll(bytes, bytes.length).messages().get(0).attributes(4);
        assertEquals(values.size(), a.all().size());
        for (int i = 0; i < values.size(); i++) {
            assertEquals(ByteBuffer.wrap(values.get(i)), a.value(i + 1));
        }
    }
}
