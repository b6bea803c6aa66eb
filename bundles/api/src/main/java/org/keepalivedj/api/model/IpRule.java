package org.keepalivedj.api.model;

import java.util.List;

/** One rule line in ip-rule syntax: {@code from 192.0.2.0/24 table 100}. family is null when no address names one. */
public record IpRule(Origin origin, Family family, List<String> words) {
    public IpRule {
        words = List.copyOf(words);
    }
}
