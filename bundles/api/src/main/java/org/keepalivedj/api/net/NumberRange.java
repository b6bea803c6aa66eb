package org.keepalivedj.api.net;

/** An inclusive range of unsigned numbers, as a rule's uidrange, sport and dport: {@code 10-20}. */
public record NumberRange(long first, long last) {
    public NumberRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("invalid range " + first + "-" + last);
        }
    }

    @Override
    public String toString() {
        return first == last ? Long.toString(first) : first + "-" + last;
    }
}
