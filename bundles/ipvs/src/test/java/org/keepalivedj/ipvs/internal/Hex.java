package org.keepalivedj.ipvs.internal;

import java.util.HexFormat;

/** Byte vectors written as hex with spaces and | separators for legibility. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String text) {
        return HexFormat.of().parseHex(text.replaceAll("[\\s|]", ""));
    }

    static String of(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
