package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.model.Origin;

/** The model's small value types and the strict number parsing behind the keyword shapes. */
class ValueTypesTest {
    @Test
    void addressesAreLiteralsOnlyNeverLookedUp() {
        assertEquals("192.0.2.1", IpAddresses.format(IpAddresses.parse("192.0.2.1")));
        assertEquals("2001:db8::1", IpAddresses.format(IpAddresses.parse("2001:0db8:0:0:0:0:0:1")));
        assertEquals("::", IpAddresses.format(IpAddresses.parse("::")));
        assertEquals("1:0:1::", IpAddresses.format(IpAddresses.parse("1:0:1:0:0:0:0:0")));
        for (String bad :
                new String[] {"localhost", "example.org", "192.0.2", "192.0.2.256", "01.2.3.4x", "", "1::2::3"}) {
            assertFalse(IpAddresses.isAddress(bad), bad);
        }
    }

    @Test
    void prefixes() {
        assertEquals(new IpPrefix(IpAddresses.parse("192.0.2.1"), 32), IpPrefix.parse("192.0.2.1"));
        assertEquals("2001:db8::/32", IpPrefix.parse("2001:db8::/32").toString());
        assertEquals(Family.INET6, IpPrefix.parse("::1/128").family());
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("192.0.2.1/33"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("192.0.2.1/x"));
    }

    @Test
    void endpointsNameThemselvesLikeJmxDoes() {
        assertEquals("192.0.2.1:80", new Endpoint(IpAddresses.parse("192.0.2.1"), 80).toString());
        assertEquals("[2001:db8::1]:443", new Endpoint(IpAddresses.parse("2001:db8::1"), 443).toString());
        assertThrows(IllegalArgumentException.class, () -> new Endpoint(IpAddresses.parse("192.0.2.1"), 65536));
    }

    @Test
    void originsNeverMakeTwoObjectsDiffer() {
        Origin a = Origin.at(new Location("a.conf", 1, 1));
        Origin b = Origin.at(new Location("b.conf", 9, 5));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("b.conf:9:5", b.toString());
    }

    @Test
    void numbersAreStrictDecimal() {
        assertEquals(42L, Numbers.parseLong("42"));
        assertEquals(-7L, Numbers.parseLong("-7"));
        assertNull(Numbers.parseLong("0x10"));
        assertNull(Numbers.parseLong("1e3"));
        assertNull(Numbers.parseLong("9999999999999999999999"));
        assertEquals(new BigDecimal("0.25"), Numbers.parseDecimal("0.25"));
        assertNull(Numbers.parseDecimal("NaN"));
        assertEquals(Duration.ofNanos(3_000_125_000L), Numbers.micros(new BigDecimal("3.000125")));
        assertEquals("3.000125", Numbers.seconds(Duration.ofNanos(3_000_125_000L)));
        assertEquals("50.5", Numbers.millis(Duration.ofNanos(50_500_000L)));
        assertTrue(Numbers.MAX_SECONDS.compareTo(BigDecimal.valueOf(255)) > 0);
    }
}
