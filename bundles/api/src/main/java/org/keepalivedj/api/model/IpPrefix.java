package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.util.Objects;

/** An address with a prefix length: 192.0.2.1/24. A bare address has the family's full length. */
public record IpPrefix(InetAddress address, int length) {
    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int max = Family.of(address).maxPrefixLength();
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0-" + max);
        }
    }

    /** @throws IllegalArgumentException when text is not ADDRESS[/LENGTH] */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        InetAddress address = IpAddresses.parse(slash < 0 ? text : text.substring(0, slash));
        if (slash < 0) {
            return new IpPrefix(address, Family.of(address).maxPrefixLength());
        }
        String len = text.substring(slash + 1);
        if (!len.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("invalid prefix length in " + text);
        }
        return new IpPrefix(address, Integer.parseInt(len));
    }

    public Family family() {
        return Family.of(address);
    }

    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + length;
    }
}
