package org.keepalivedj.api.model;

import java.util.Objects;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;

/**
 * A checker block of a real server (TCP_CHECK { ... }), kept as its located sub-tree, plus the spec
 * bound by the factory that provides the keyword (null when none was available). Equality compares
 * the block's words, not where they were written.
 */
public record CheckerBlock(ConfigNode block, CheckerSpec spec) {
    public CheckerBlock {
        Objects.requireNonNull(block, "block");
    }

    public String kind() {
        return block.name();
    }

    public Origin origin() {
        return Origin.at(block.location());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckerBlock c
                && Objects.equals(spec, c.spec)
                && words(block).equals(words(c.block));
    }

    @Override
    public int hashCode() {
        return words(block).hashCode();
    }

    /** The block's text without locations: keyword, args and children, nested with braces. */
    public static String words(ConfigNode node) {
        StringBuilder sb = new StringBuilder(node.name());
        for (Token t : node.args()) {
            sb.append(' ').append(t.text());
        }
        if (node.hasBlock()) {
            sb.append(" {");
            for (ConfigNode child : node.children()) {
                sb.append(' ').append(words(child)).append(';');
            }
            sb.append(" }");
        }
        return sb.toString();
    }
}
