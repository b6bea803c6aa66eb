package org.keepalivedj.api.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManagedAddressTest {

    @Test
    void sameAddressIgnoresHowItWasAdded() throws Exception {
        ManagedAddress plain = ManagedAddress.of("eth0", InetAddress.getByName("10.0.0.1"), 24);
        ManagedAddress labelled = new ManagedAddress(
                "eth0",
                InetAddress.getByName("10.0.0.1"),
                24,
                AddressScope.HOST,
                "eth0:1",
                InetAddress.getByName("10.0.0.255"),
                Set.of());
        assertTrue(plain.sameAddress(labelled));
        assertFalse(plain.sameAddress(ManagedAddress.of("eth0", InetAddress.getByName("10.0.0.1"), 32)));
        assertFalse(plain.sameAddress(ManagedAddress.of("eth1", InetAddress.getByName("10.0.0.1"), 24)));
        assertEquals("10.0.0.1/24 dev eth0 scope host label eth0:1 brd 10.0.0.255", labelled.toString());
    }

    @Test
    void rejectsImpossibleValues() throws Exception {
        InetAddress v4 = InetAddress.getByName("10.0.0.1");
        assertThrows(IllegalArgumentException.class, () -> ManagedAddress.of("eth0", v4, 33));
        assertThrows(
                IllegalArgumentException.class, () -> ManagedAddress.of("eth0", InetAddress.getByName("fd00::1"), 129));
        assertThrows(IllegalArgumentException.class, () -> ManagedAddress.of("an-interface-name", v4, 24));
        assertThrows(IllegalArgumentException.class, () -> ManagedAddress.of("", v4, 24));
        assertThrows(NullPointerException.class, () -> ManagedAddress.of("eth0", null, 24));
    }

    @Test
    void scopesParseLikeIp() {
        assertEquals(AddressScope.GLOBAL, AddressScope.parse("universe"));
        assertEquals(AddressScope.GLOBAL, AddressScope.parse("global"));
        assertEquals(AddressScope.LINK, AddressScope.parse("LINK"));
        assertEquals(AddressScope.HOST, AddressScope.ofCode(254));
        assertEquals(253, AddressScope.LINK.code());
        // ip takes any number 0-255; the named ones come back as the named constants
        assertEquals(7, AddressScope.ofCode(7).code());
        assertEquals("7", AddressScope.ofCode(7).name());
        assertEquals(AddressScope.ofCode(7), AddressScope.parse("7"));
        assertEquals("link", AddressScope.ofCode(253).name());
        assertThrows(IllegalArgumentException.class, () -> AddressScope.ofCode(256));
        assertThrows(IllegalArgumentException.class, () -> AddressScope.parse("bogus"));
    }
}
