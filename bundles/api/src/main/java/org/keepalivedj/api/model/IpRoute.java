package org.keepalivedj.api.model;

import java.util.List;

/**
 * One route line in ip-route syntax: {@code [TYPE] DEST [src A] [via A] [dev IF] [table T] ...}.
 * destination is the parsed DEST; words is the whole line as written (its canonical form).
 */
public record IpRoute(Origin origin, String type, IpPrefix destination, List<String> words) {
    public IpRoute {
        words = List.copyOf(words);
    }

    public Family family() {
        return destination.family();
    }
}
