package org.keepalivedj.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5952 text for IPv6, the dotted quad for IPv4, never a host name. */
class IpAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "FE80:0:0:0:0:FF:FE00:1, fe80::ff:fe00:1", // lowercase, longest run compressed
        "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1", // leading zeros dropped
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // one zero group is never ::
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", // equal runs: the first
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1", // the longer run wins, though later
        "2001:db8:1:1:1:1:0:0, 2001:db8:1:1:1:1::", // a run at the end
        "0:0:1:2:3:4:5:6, ::1:2:3:4:5:6", // a run at the start
        "0:1:2:3:4:5:6:0, 0:1:2:3:4:5:6:0", // single zeros at both ends
        "ff02:0:0:0:0:0:0:12, ff02::12",
        "192.0.2.1, 192.0.2.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
    })
    void formats(String in, String out) {
        assertEquals(out, IpAddresses.format(IpAddresses.parse(in)));
    }

    @Test
    void writesNoZoneIdAndNeverAHostName() throws Exception {
        InetAddress raw = IpAddresses.parse("fe80::1");
        assertEquals("fe80::1", IpAddresses.format(Inet6Address.getByAddress(null, raw.getAddress(), 7)));
        assertEquals("fe80::1", IpAddresses.format(Inet6Address.getByAddress("router.example", raw.getAddress(), -1)));
        assertEquals("192.0.2.1", IpAddresses.format(InetAddress.getByAddress("host.example", new byte[] {
            (byte) 192, 0, 2, 1
        })));
    }

    @Test
    void formatsAListInOrder() {
        assertEquals(
                List.of("2001:db8::2", "192.0.2.1"),
                IpAddresses.format(List.of(IpAddresses.parse("2001:db8:0:0:0:0:0:2"), IpAddresses.parse("192.0.2.1"))));
    }

    @Test
    void formatsSocketAddressesAsEndpointsDo() {
        assertEquals(
                "[2001:db8::1]:53",
                IpAddresses.format(new java.net.InetSocketAddress(IpAddresses.parse("2001:db8:0:0:0:0:0:1"), 53)));
        assertEquals(
                "192.0.2.1:80", IpAddresses.format(new java.net.InetSocketAddress(IpAddresses.parse("192.0.2.1"), 80)));
        assertEquals("[2001:db8::1]:80", new Endpoint(IpAddresses.parse("2001:db8:0:0:0:0:0:1"), 80).toString());
        assertEquals(
                "dns.example:53", IpAddresses.format(java.net.InetSocketAddress.createUnresolved("dns.example", 53)));
    }

    /** Every value the formatter writes reads back as the same address (random groups, many zeros). */
    @Test
    void roundTrips() throws Exception {
        java.util.Random random = new java.util.Random(5952);
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[16];
            for (int g = 0; g < 8; g++) {
                int word = random.nextInt(3) == 0 ? random.nextInt(0x10000) : 0;
                b[2 * g] = (byte) (word >> 8);
                b[2 * g + 1] = (byte) word;
            }
            InetAddress a = InetAddress.getByAddress(b);
            String text = IpAddresses.format(a);
            assertEquals(a, IpAddresses.parse(text), text);
            assertEquals(text.toLowerCase(), text);
            assertEquals(false, text.contains(":::"), text);
        }
    }
}
