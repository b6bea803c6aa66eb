package org.keepalivedj.netlink;

import java.util.HexFormat;

/** MAC address text form. */
public final class Macs {

    private Macs() {}

    public static String format(byte[] mac) {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    /** Parses aa:bb:cc:dd:ee:ff. */
    public static byte[] parse(String text) {
        byte[] mac = HexFormat.ofDelimiter(":").parseHex(text);
        if (mac.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        return mac;
    }
}
