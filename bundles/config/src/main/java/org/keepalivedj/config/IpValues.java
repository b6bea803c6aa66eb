package org.keepalivedj.config;

import java.util.Map;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.net.AddressScope;

/**
 * The named numbers of ip's syntax (tables, scopes, protocols, realms, tos), each a number or a name
 * ip knows: its built-in names, then the iproute2 files of this host.
 */
final class IpValues {
    private static final Map<String, Long> TABLES = Map.of("main", 254L, "local", 255L, "default", 253L, "unspec", 0L);
    private static final Map<String, Long> SCOPES =
            Map.of("global", 0L, "universe", 0L, "site", 200L, "link", 253L, "host", 254L, "nowhere", 255L);
    private static final Map<String, Long> PROTOCOLS =
            Map.of("unspec", 0L, "redirect", 1L, "kernel", 2L, "boot", 3L, "static", 4L, "keepalived", 18L);

    private final Iproute2Names names;
    private final HostLinks links;

    IpValues(Iproute2Names names, HostLinks links) {
        this.names = names;
        this.links = links;
    }

    static IpValues host() {
        return new IpValues(Iproute2Names.host(), HostLinks.SYSFS);
    }

    HostLinks links() {
        return links;
    }

    /** A routing table: main, local, default, a number, or a name of rt_tables. */
    Integer table(LineCursor c, Token option, Token value) {
        Long v = named(value, TABLES, "rt_tables", Integer.MAX_VALUE);
        if (value != null && v == null) {
            c.error(
                    value,
                    option.text() + " " + value.text() + " is neither a table number (0-" + Integer.MAX_VALUE
                            + ") nor main, local, default or a name in rt_tables (/etc/iproute2/rt_tables,"
                            + " rt_tables.d/*.conf, /usr/share/iproute2/rt_tables)");
        }
        return v == null ? null : v.intValue();
    }

    /** host, link, global, site, nowhere, a number 0-255, or a name of rt_scopes. */
    AddressScope scope(LineCursor c, Token option, Token value) {
        Long v = named(value, SCOPES, "rt_scopes", 255);
        if (value != null && v == null) {
            // keepalived ignores the scope and keeps the line
            c.ignored(
                    value,
                    option.text() + " " + value.text()
                            + " is not a scope (host, link, global, site, nowhere or a number 0-255)");
        }
        return v == null ? null : AddressScope.ofCode(v.intValue());
    }

    /** A route or rule protocol: a number 0-255 or a name of rt_protos (kernel, static, bird, ...). */
    Integer protocol(LineCursor c, Token option, Token value) {
        Long v = named(value, PROTOCOLS, "rt_protos", 255);
        if (value != null && v == null) {
            c.error(value, option.text() + " " + value.text() + " is neither a number 0-255 nor a name in rt_protos");
        }
        return v == null ? null : v.intValue();
    }

    /** Type of service: a number 0-255 or a name of rt_dsfield. */
    Integer tos(LineCursor c, Token option, Token value) {
        Long v = named(value, Map.of(), "rt_dsfield", 255);
        if (value != null && v == null) {
            c.error(value, option.text() + " " + value.text() + " is neither a number 0-255 nor a name in rt_dsfield");
        }
        return v == null ? null : v.intValue();
    }

    /** {@code [FROM/]TO}, each a number 0-65535 or a name of rt_realms: the kernel's TO | FROM << 16. */
    Integer realms(LineCursor c, Token option, Token value) {
        if (value == null) {
            return null;
        }
        String text = value.text();
        int slash = text.indexOf('/');
        Long from = slash < 0 ? Long.valueOf(0) : realm(text.substring(0, slash));
        Long to = realm(slash < 0 ? text : text.substring(slash + 1));
        if (from == null || to == null) {
            c.error(value, option.text() + " " + text + " is not [FROM/]TO with realms 0-65535 or names in rt_realms");
            return null;
        }
        return (int) (to | from << 16);
    }

    private Long realm(String text) {
        Long v = LineCursor.parseUnsigned(text);
        if (v == null) {
            v = names.lookup("rt_realms", text);
        }
        return v != null && v <= 0xffff ? v : null;
    }

    private Long named(Token value, Map<String, Long> builtin, String file, long max) {
        if (value == null) {
            return null;
        }
        String text = value.text();
        Long v = LineCursor.parseUnsigned(text);
        if (v == null) {
            v = builtin.get(text);
        }
        if (v == null) {
            v = names.lookup(file, text);
        }
        return v != null && v <= max ? v : null;
    }
}
