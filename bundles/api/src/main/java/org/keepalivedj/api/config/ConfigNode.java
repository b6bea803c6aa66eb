package org.keepalivedj.api.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One statement of keepalived.conf: a keyword, its arguments on the same line, and, when the
 * statement opens a block with '{', the statements inside it. Blocks such as {@code virtual_ipaddress}
 * whose lines are not keywords are still children: each line becomes a node whose keyword is its
 * first word.
 */
public record ConfigNode(Token keyword, List<Token> args, List<ConfigNode> children, boolean hasBlock) {
    public ConfigNode {
        Objects.requireNonNull(keyword, "keyword");
        args = List.copyOf(args);
        children = List.copyOf(children);
    }

    public String name() {
        return keyword.text();
    }

    public Location location() {
        return keyword.location();
    }

    /** The i-th argument's text, if present. */
    public Optional<String> arg(int i) {
        return i < args.size() ? Optional.of(args.get(i).text()) : Optional.empty();
    }

    /** The arguments as one space-separated string (for messages). */
    public String argsText() {
        return args.stream().map(Token::text).collect(Collectors.joining(" "));
    }

    /** The first child statement with this keyword, if any. */
    public Optional<ConfigNode> child(String name) {
        return children.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** All child statements with this keyword, in order. */
    public List<ConfigNode> children(String name) {
        return children.stream().filter(c -> c.name().equals(name)).toList();
    }
}
