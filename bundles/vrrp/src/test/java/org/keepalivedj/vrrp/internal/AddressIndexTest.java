package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An address event reaches only the instances it concerns, however many others run. */
class AddressIndexTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void aRemovedVipConcernsOnlyTheInstancesTrackingIt() throws Exception {
        AddressIndex<String> index = new AddressIndex<>();
        index.add("VI_1", List.of(ip("192.0.2.1"), ip("192.0.2.2")), null);
        index.add("VI_2", List.of(ip("198.51.100.1")), null);
        for (int i = 0; i < 100; i++) {
            index.add("other" + i, List.of(ip("10.0." + i + ".1")), null);
        }
        assertEquals(List.of("VI_1"), index.holdingTracked(ip("192.0.2.2")));
        assertEquals(List.of("VI_2"), index.holdingTracked(ip("198.51.100.1")));
        assertEquals(List.of(), index.holdingTracked(ip("203.0.113.9")), "an address nobody holds");
        assertEquals(List.of(), index.watchingSource(ip("192.0.2.1")), "nobody watches it as a source");
        assertEquals(List.of(), index.waiting(), "every instance has its socket");
    }

    @Test
    void twoInstancesMayTrackTheSameAddress() throws Exception {
        AddressIndex<String> index = new AddressIndex<>();
        index.add("VI_1", List.of(ip("2001:db8::1")), null);
        index.add("VI_2", List.of(ip("2001:db8::1")), null);
        assertEquals(List.of("VI_1", "VI_2"), index.holdingTracked(ip("2001:db8::1")));
        index.remove("VI_1");
        assertEquals(List.of("VI_2"), index.holdingTracked(ip("2001:db8::1")));
    }

    @Test
    void trackSrcIpWatchesOnlyItsSourceAddress() throws Exception {
        AddressIndex<String> index = new AddressIndex<>();
        index.add("VI_1", List.of(ip("192.0.2.1")), ip("192.0.2.10"));
        index.add("VI_2", List.of(ip("192.0.2.2")), null);
        assertEquals(List.of("VI_1"), index.watchingSource(ip("192.0.2.10")));
        assertEquals(List.of(), index.watchingSource(ip("192.0.2.1")), "a VIP is not a watched source");
    }

    @Test
    void onlyInstancesWithoutTheirSocketWaitForAnAddress() throws Exception {
        AddressIndex<String> index = new AddressIndex<>();
        index.add("VI_1", List.of(ip("192.0.2.1")), null);
        index.add("VI_2", List.of(ip("192.0.2.2")), null);
        index.waiting("VI_2", true);
        assertEquals(List.of("VI_2"), index.waiting());
        index.waiting("VI_2", false);
        assertEquals(List.of(), index.waiting());
        index.waiting("VI_1", true);
        index.remove("VI_1");
        assertEquals(List.of(), index.waiting(), "a stopped instance waits for nothing");
        assertEquals(List.of(), index.holdingTracked(ip("192.0.2.1")), "nor holds anything");
    }
}
