package org.keepalivedj.api.config;

import java.util.Objects;

/** One word of the configuration after preprocessing, with where it was written. */
public record Token(String text, Location location, boolean quoted) {
    public Token {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(location, "location");
    }

    public Token(String text, Location location) {
        this(text, location, false);
    }

    @Override
    public String toString() {
        return text;
    }
}
