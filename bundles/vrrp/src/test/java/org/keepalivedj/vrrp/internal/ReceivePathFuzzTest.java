package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import org.keepalivedj.api.model.UnicastPeer;
import org.keepalivedj.testsupport.fuzz.FuzzTries;
import org.keepalivedj.testsupport.fuzz.Mutator;
import org.keepalivedj.vrrp.ChecksumMode;
import org.keepalivedj.vrrp.DecodeResult;
import org.keepalivedj.vrrp.DropReason;
import org.keepalivedj.vrrp.VrrpCodec;

/**
 * Mutants of keepalived's golden VRRP packets (captured from real keepalived; the copy in the test
 * resources, and ../shared/vectors/vrrp next to the checkout when present) through the receive path an instance runs:
 * decode, then validation (TTL, version, checksum, v2 PASS authentication, interval, unicast peers).
 * Nothing is thrown; a packet is accepted or dropped with one reason, exactly one drop counter
 * goes up, and the drop's log line names the sender. 2,000 tries by default; {@code -Dfuzz.tries=N} for long runs.
 */
class ReceivePathFuzzTest {
    private static final List<byte[]> GOLDEN = goldenIpPackets();

    /** One validator per way an instance can be set up, as InstanceRuntime makes them. */
    private static final List<AdvertValidator> VALIDATORS = List.of(
            new AdvertValidator(2, 1, null, List.of(), ChecksumMode.STANDARD),
            new AdvertValidator(2, 1, "secret", List.of(), ChecksumMode.STANDARD),
            new AdvertValidator(3, 100, null, List.of(), ChecksumMode.STANDARD),
            new AdvertValidator(3, 10, null, List.of(), ChecksumMode.OLD_UNICAST),
            new AdvertValidator(3, 100, null, List.of(), ChecksumMode.AS_V2),
            new AdvertValidator(
                    3,
                    100,
                    null,
                    List.of(peer("192.0.2.1", -1, -1), peer("192.0.2.2", 1, 254)),
                    ChecksumMode.STANDARD));

    @Property(tries = 2000, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(FuzzTries.class)
    void everyPacketIsAcceptedOrDroppedAndCounted(@ForAll("packets") byte[] ipPacket) throws Exception {
        if (ipPacket.length < 20) {
            return; // the kernel hands no shorter IPv4 packet to a raw socket
        }
        // the goldens carry no IP options; the kernel checks the IP header, so its length is not fuzzed
        int headerLength = 20;
        InetAddress source = InetAddress.getByAddress(Arrays.copyOfRange(ipPacket, 12, 16));
        InetAddress destination = InetAddress.getByAddress(Arrays.copyOfRange(ipPacket, 16, 20));
        int ttl = ipPacket[8] & 0xff;
        byte[] payload = Arrays.copyOfRange(ipPacket, headerLength, ipPacket.length);
        for (AdvertValidator v : VALIDATORS) {
            InstanceCounters counters = new InstanceCounters();
            DropReason reason = receive(v, counters, payload, source, destination, ttl);
            long drops = counters.snapshot().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            assertEquals(reason == null ? 0 : 1, drops, "drop counters for " + reason);
            Statistics.collect(reason == null ? "accepted" : reason.name());
        }
    }

    /** What AdvertReceiver.received does with a packet, up to the state machine. */
    private static DropReason receive(
            AdvertValidator v,
            InstanceCounters counters,
            byte[] payload,
            InetAddress source,
            InetAddress destination,
            int ttl) {
        DecodeResult d = VrrpCodec.decode(payload, false);
        DropReason reason = d.ok() ? v.check(payload, d.advert(), source, destination, ttl, false) : d.dropped();
        if (reason != null) {
            counters.dropped(reason);
            String line = v.describe(reason, payload, d.advert(), source, ttl, false);
            assertFalse(
                    line.isBlank() || !line.contains(org.keepalivedj.api.model.IpAddresses.format(source)),
                    () -> "the log line names the sender: " + line);
        } else {
            assertFalse(d.advert().addresses().size() > 255);
        }
        return reason;
    }

    @Provide
    Arbitrary<byte[]> packets() {
        return Mutator.mutantsOf(GOLDEN, 120);
    }

    private static UnicastPeer peer(String address, int minTtl, int maxTtl) {
        try {
            return new UnicastPeer(
                    org.keepalivedj.api.model.Origin.NONE, InetAddress.getByName(address), minTtl, maxTtl);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<byte[]> goldenIpPackets() {
        List<byte[]> all = new ArrayList<>();
        try (InputStream in = ReceivePathFuzzTest.class.getResourceAsStream("/golden-vrrp.txt")) {
            all.addAll(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            Path shared = Path.of("../../../shared/vectors/vrrp/golden.txt"); // the checkout sits next to shared/
            if (Files.isReadable(shared)) {
                all.addAll(parse(Files.readString(shared)));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("no golden packets in golden-vrrp.txt");
        }
        return all;
    }

    private static List<byte[]> parse(String text) {
        List<byte[]> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int i = line.indexOf("golden IPv4 packet  : ");
            if (i >= 0) {
                out.add(HexFormat.of().parseHex(line.substring(i + 22).trim()));
            }
        }
        return out;
    }
}
