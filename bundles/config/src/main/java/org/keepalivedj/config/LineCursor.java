package org.keepalivedj.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.IpPrefix;

/**
 * Walks the words of one address, route or rule line and checks values, each problem reported at
 * the offending word's own location as "BLOCK: ...". A line with a bad value is left out with a
 * warning, as keepalived leaves it out; the walk goes on so one load reports every bad value.
 */
final class LineCursor {
    static final long U32 = 0xffffffffL;

    private final List<Token> tokens = new ArrayList<>();
    private final String block;
    private final ProblemSink sink;
    private int next;
    private boolean failed;

    LineCursor(ConfigNode line, String block, ProblemSink sink) {
        tokens.add(line.keyword());
        tokens.addAll(line.args());
        this.block = block;
        this.sink = sink;
    }

    /** The block this line is in (static_routes, virtual_routes, ...). */
    String block() {
        return block;
    }

    boolean more() {
        return next < tokens.size();
    }

    Token next() {
        return tokens.get(next++);
    }

    /** The next word's text, or null at the end of the line. */
    String peek() {
        return more() ? tokens.get(next).text() : null;
    }

    /** The value after an option, or null (and an error at the option) when the line ends. */
    Token value(Token option) {
        if (!more()) {
            error(option, option.text() + " needs a value");
            return null;
        }
        return next();
    }

    /** A word we do not know is skipped, as keepalived skips it; the next word is read as an option. */
    void unknown(Token option, String what) {
        ignored(option, "unknown " + what + " option " + option.text());
    }

    boolean failed() {
        return failed;
    }

    /**
     * A value the line cannot be used with: like keepalived, the line is left out and the rest of
     * the configuration runs (a warning, the "errors but would run" class of -t).
     */
    void error(Token at, String message) {
        failed = true;
        sink.warning(at.location(), block + ": " + message + " (line ignored)");
    }

    /** A value keepalived ignores while keeping the line (an unknown word, a bad scope). */
    void ignored(Token at, String message) {
        sink.warning(at.location(), block + ": " + message + " (ignored)");
    }

    void warning(Token at, String message) {
        sink.warning(at.location(), block + ": " + message);
    }

    /** An option keepalived accepts and keepalived-j does not carry out: an advisory, as for keywords. */
    void noEffect(Token option, String reason) {
        sink.advisory(
                option.location(), block + ": " + option.text() + " has no effect in keepalived-j (" + reason + ")");
    }

    /**
     * track_group G: the group's name (null when the value is missing). It has an effect in the
     * static block of the line's kind only (static_ipaddress for "addresses", static_routes for
     * "routes", static_rules for "rules").
     */
    String trackGroup(Token option, String staticBlock, String lines) {
        Token group = value(option);
        if (!block.equals(staticBlock)) {
            noEffect(option, "track_group applies to static " + lines + " only");
        }
        return group == null ? null : group.text();
    }

    /** Tells that no_track on a route or rule line changes nothing: such lines are never tracked. */
    void noTrack(Token option, String lines) {
        noEffect(
                option,
                "deleted " + lines + " are never tracked or re-added by VRRP instances, which is what no_track asks");
    }

    InetAddress address(Token option, Token value, Family family) {
        if (value == null) {
            return null;
        }
        InetAddress a;
        try {
            a = IpAddresses.parse(value.text());
        } catch (IllegalArgumentException e) {
            error(value, option.text() + " " + value.text() + " is not an IP address");
            return null;
        }
        if (family != null && Family.of(a) != family) {
            error(value, option.text() + " " + value.text() + " is not " + Lines.describe(family));
            return null;
        }
        return a;
    }

    IpPrefix prefix(Token option, Token value, Family family) {
        if (value == null) {
            return null;
        }
        IpPrefix p;
        try {
            p = IpPrefix.parse(value.text());
        } catch (IllegalArgumentException e) {
            error(value, (option == null ? "" : option.text() + " " + value.text() + ": ") + e.getMessage());
            return null;
        }
        if (family != null && p.family() != family) {
            error(
                    value,
                    (option == null ? "" : option.text() + " ") + value.text() + " is not " + Lines.describe(family));
            return null;
        }
        return p;
    }

    /** A decimal or 0x-hexadecimal number in min-max, as ip takes them; null after an error. */
    Long number(Token option, Token value, long min, long max) {
        if (value == null) {
            return null;
        }
        Long v = parseUnsigned(value.text());
        if (v == null || v < min || v > max) {
            error(value, option.text() + " " + value.text() + " is not a number in " + min + "-" + max);
            return null;
        }
        return v;
    }

    /** {@link #number} as an int (a u32 above 2^31-1 keeps its bits, as the kernel reads it); null after an error. */
    Integer intNumber(Token option, Token value, long min, long max) {
        Long v = number(option, value, min, max);
        return v == null ? null : v.intValue();
    }

    /** An interface name as the kernel takes it: 1-15 characters, no '/', no blank. */
    String interfaceName(Token option, Token value) {
        if (value == null) {
            return null;
        }
        String n = value.text();
        if (n.isEmpty()
                || n.length() > 15
                || n.indexOf('/') >= 0
                || n.chars().anyMatch(Character::isWhitespace)
                || n.equals(".")
                || n.equals("..")) {
            error(value, option.text() + " " + n + " is not an interface name (1-15 characters, no '/' or blank)");
            return null;
        }
        return n;
    }

    /** Like keepalived, a device this host lacks is only a warning: it may appear later. */
    String device(Token option, Token value, HostLinks links) {
        String n = interfaceName(option, value);
        if (n != null && !links.exists(n)) {
            warning(value, option.text() + " " + n + ": no such interface on this host");
        }
        return n;
    }

    static Long parseUnsigned(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return text.length() > 2 && text.length() <= 10 ? Long.parseLong(text.substring(2), 16) : null;
            }
            return text.matches("\\d{1,10}") ? Long.parseLong(text) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
