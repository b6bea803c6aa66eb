package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Parses IP address literals without ever asking DNS (a host name is rejected, not resolved). */
public final class IpAddresses {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {}

    /** @throws IllegalArgumentException when text is not an IPv4 or IPv6 literal */
    public static InetAddress parse(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = !v4 && text.indexOf(':') >= 0 && IPV6.matcher(text).matches();
        if (!v4 && !v6) {
            throw new IllegalArgumentException("invalid IP address " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("invalid IP address " + text);
        }
    }

    public static boolean isAddress(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The address as the product writes it everywhere, never with a host name: {@code 192.0.2.1},
     * or IPv6 in RFC 5952's text: lowercase hex, no leading zeros, the longest run of two or more
     * zero groups (the first of equal runs) as {@code ::}, a single zero group kept as {@code 0}:
     * {@code 2001:db8::1}. A zone id is not written ({@code fe80::1}, as ip and keepalived write
     * it): where it matters the interface is shown beside the address.
     */
    public static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        return compressV6(b);
    }

    /** {@code 192.0.2.1:80}, {@code [2001:db8::1]:80}; an unresolved one as {@code host:80}. */
    public static String format(InetSocketAddress address) {
        if (address.getAddress() == null) {
            return address.getHostString() + ":" + address.getPort();
        }
        String a = format(address.getAddress());
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + address.getPort();
    }

    /** {@link #format(InetAddress)} of each, in order: for log lines and lists. */
    public static List<String> format(Collection<? extends InetAddress> addresses) {
        return addresses.stream().map(IpAddresses::format).toList();
    }

    private static String compressV6(byte[] b) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }
}
