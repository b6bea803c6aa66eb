package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Random addresses (family, prefix, scope, label, broadcast, nodad) added through our encoder,
 * read back through {@code ip -j} and through our decoder, then deleted. 25 by default;
 * {@code -Dkj.netlink.fuzz.tries=N} for more, {@code -Dkj.netlink.fuzz.seed=S} to replay.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class AddressFuzzTest {

    private static final AddressScope[] SCOPES = {
        AddressScope.GLOBAL, AddressScope.SITE, AddressScope.LINK, AddressScope.HOST
    };

    @Test
    void randomAddressesRoundTripThroughTheKernel(NetLab lab) throws Exception {
        int tries = Integer.getInteger("kj.netlink.fuzz.tries", 25);
        long seed = Long.getLong("kj.netlink.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        Netns ns = lab.node("a", "10.50.0.1/24");
        try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            int index = rtnl.indexOf("eth0");
            for (int i = 0; i < tries; i++) {
                ManagedAddress a = randomAddress(random);
                String context = "seed " + seed + " try " + i + ": " + a;
                // The kernel derives an IPv6 address's scope from the address (fd00::/8 is global).
                AddressScope expectedScope = a.isIpv4() ? a.scope() : AddressScope.GLOBAL;
                rtnl.addAddress(a);

                String json = ns.execOrThrow("ip", "-j", "addr", "show", "dev", "eth0")
                        .stdout();
                Matcher m = Pattern.compile(
                                "\\{[^{}]*\"local\":\"" + Pattern.quote(ipText(a.address())) + "\"[^{}]*\\}")
                        .matcher(json);
                assertTrue(m.find(), context + " not in " + json);
                String entry = m.group();
                assertTrue(entry.contains("\"prefixlen\":" + a.prefixLength() + ","), context + " " + entry);
                assertTrue(
                        entry.contains("\"scope\":\"" + expectedScope.name().toLowerCase(Locale.ROOT) + "\""),
                        context + " " + entry);
                if (a.label() != null) {
                    assertTrue(entry.contains("\"label\":\"" + a.label() + "\""), context + " " + entry);
                }
                if (a.broadcast() != null) {
                    assertTrue(
                            entry.contains("\"broadcast\":\"" + a.broadcast().getHostAddress() + "\""),
                            context + " " + entry);
                }
                assertEquals(a.noDad(), entry.contains("\"nodad\":true"), context + " " + entry);

                List<IfAddress> decoded = rtnl.addresses(a.isIpv4() ? 2 : 10).stream()
                        .filter(x -> x.interfaceIndex() == index && x.address().equals(a.address()))
                        .toList();
                assertEquals(1, decoded.size(), context);
                IfAddress d = decoded.get(0);
                assertEquals(a.prefixLength(), d.prefixLength(), context);
                assertEquals(expectedScope, d.scope(), context);
                if (a.isIpv4()) {
                    assertEquals(a.label() != null ? a.label() : "eth0", d.label(), context);
                    assertEquals(a.broadcast(), d.broadcast(), context);
                }

                rtnl.deleteAddress(a);
                assertFalse(
                        ns.execOrThrow("ip", "-j", "addr", "show", "dev", "eth0")
                                .stdout()
                                .contains("\"local\":\"" + ipText(a.address()) + "\""),
                        context + " still there");
            }
        }
    }

    private static String ipText(InetAddress a) throws Exception {
        // ip prints IPv6 compressed; InetAddress does not: compare on ip's form.
        return a.getAddress().length == 4 ? a.getHostAddress() : compress(a.getAddress());
    }

    private static String compress(byte[] b) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            s.append(Integer.toHexString(words[i]));
            if (i < 7) {
                s.append(':');
            }
        }
        return s.toString();
    }

    private static ManagedAddress randomAddress(Random r) throws Exception {
        AddressScope scope = SCOPES[r.nextInt(SCOPES.length)];
        if (r.nextBoolean()) {
            InetAddress ip =
                    InetAddress.getByAddress(new byte[] {10, 90, (byte) r.nextInt(256), (byte) (1 + r.nextInt(254))});
            String label = r.nextBoolean() ? "eth0:" + Integer.toString(r.nextInt(46656), 36) : null;
            InetAddress brd =
                    r.nextBoolean() ? InetAddress.getByAddress(new byte[] {10, 90, (byte) 255, (byte) 255}) : null;
            return new ManagedAddress("eth0", ip, 8 + r.nextInt(25), scope, label, brd, Set.of());
        }
        byte[] v6 = new byte[16];
        r.nextBytes(v6);
        v6[0] = (byte) 0xfd;
        v6[1] = (byte) 0x90;
        return new ManagedAddress(
                "eth0",
                InetAddress.getByAddress(v6),
                48 + r.nextInt(81),
                scope,
                null,
                null,
                r.nextBoolean() ? Set.of(AddressFlag.NODAD) : Set.of());
    }
}
