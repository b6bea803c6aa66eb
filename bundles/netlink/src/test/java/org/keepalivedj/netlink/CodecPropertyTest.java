package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.keepalivedj.netlink.internal.RtnlMessages;

/** Arbitrary bytes never make the decoders throw; what the builder writes reads back. Tries: jqwik default (1000). */
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

    @Property
    void attributesRoundTrip(@ForAll @Size(max = 20) List<@Size(max = 40) byte[]> values) {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(100, 0, "prop").u32(0);
        for (int i = 0; i < values.size(); i++) {
            b.attr(i + 1, values.get(i));
        }
        byte[] bytes = b.build(1, 0);
        NetlinkAttributes a = NetlinkMessage.parseAll(bytes, bytes.length).messages().get(0).attributes(4);
        assertEquals(values.size(), a.all().size());
        for (int i = 0; i < values.size(); i++) {
            assertEquals(ByteBuffer.wrap(values.get(i)), a.value(i + 1));
        }
    }
}
