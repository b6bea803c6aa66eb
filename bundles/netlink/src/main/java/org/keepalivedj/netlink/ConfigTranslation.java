package org.keepalivedj.netlink;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.VirtualAddress;

/**
 * Turns the address, route and rule lines of keepalived.conf (ip syntax, as the config model keeps
 * them) into what netlink adds and deletes. Shared by static_* and VRRP's virtual_* blocks. Words we
 * do not program are returned, never silently dropped, so the caller can say so.
 */
public final class ConfigTranslation {

    /** A translated line and the words of it that are not programmed. */
    public record Translated<T>(T value, List<String> ignored) {
        public Translated {
            ignored = List.copyOf(ignored);
        }
    }

    private static final Set<String> ROUTE_TYPES = Set.of("unicast", "local", "broadcast", "anycast", "multicast",
            "blackhole", "unreachable", "prohibit", "throw");
    private static final Map<String, Integer> WELL_KNOWN_TABLES = Map.of("main", 254, "local", 255, "default", 253);

    private ConfigTranslation() {
    }

    /**
     * An address line: {@code 192.0.2.1/24 dev eth0 brd 192.0.2.255 scope link label eth0:1 -nodad}.
     *
     * @param defaultDevice the interface when the line names none (the VRRP instance's), or null
     * @throws IllegalArgumentException when no device is known or a value is malformed
     */
    public static Translated<VirtualAddress> address(org.keepalivedj.api.model.VirtualAddress line, String defaultDevice) {
        String device = line.device() != null ? line.device() : defaultDevice;
        if (device == null) {
            throw new IllegalArgumentException(line.address().address().getHostAddress() + ": no dev given");
        }
        AddressScope scope = AddressScope.GLOBAL;
        String label = null;
        InetAddress broadcast = null;
        boolean noDad = false;
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, String> option : line.options().entrySet()) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "scope" -> scope = AddressScope.parse(value);
                case "label" -> label = value;
                case "brd", "broadcast" -> broadcast = "+".equals(value) ? broadcastOf(line.address()) : IpAddresses.parse(value);
                case "-nodad", "nodad" -> noDad = true;
                default -> ignored.add(value.isEmpty() ? option.getKey() : option.getKey() + " " + value);
            }
        }
        IpPrefix prefix = line.address();
        return new Translated<>(new VirtualAddress(device, prefix.address(), prefix.length(), scope, label, broadcast, noDad),
                ignored);
    }

    /**
     * A route line: {@code [TYPE] DEST [src A] [via A] [dev IF] [table T] [metric N] [scope S]}, in
     * any order after the destination, as ip route takes them.
     */
    public static Translated<Route> route(IpRoute line) {
        IpPrefix destination = line.destination();
        Route route = Route.to(destination.address(), destination.length());
        List<String> ignored = new ArrayList<>();
        List<String> words = line.words();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i).toLowerCase(Locale.ROOT);
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            if (ROUTE_TYPES.contains(word)) {
                route = route.type(RouteType.parse(word));
            } else if (word.equals("to") || isDestination(words.get(i), destination)) {
                if (word.equals("to")) {
                    i++;
                }
            } else if (next != null && (word.equals("via") || word.equals("gw"))) {
                // ip also takes "via inet6 ADDR"
                if ((next.equals("inet") || next.equals("inet6")) && i + 2 < words.size()) {
                    next = words.get(++i + 1);
                }
                route = route.via(IpAddresses.parse(next));
                i++;
            } else if (next != null && word.equals("src")) {
                route = route.src(IpAddresses.parse(next));
                i++;
            } else if (next != null && (word.equals("dev") || word.equals("oif"))) {
                route = route.dev(next);
                i++;
            } else if (next != null && (word.equals("table") || word.equals("lookup"))) {
                route = route.table(table(next));
                i++;
            } else if (next != null && (word.equals("metric") || word.equals("preference") || word.equals("priority"))) {
                route = route.metric(Integer.parseInt(next));
                i++;
            } else if (next != null && word.equals("scope")) {
                route = route.scope(AddressScope.parse(next));
                i++;
            } else {
                ignored.add(words.get(i));
            }
        }
        return new Translated<>(route, ignored);
    }

    /**
     * A rule line: {@code from P to P table T|lookup T priority N fwmark M[/MASK] iif IF oif IF}.
     * The family comes from the addresses named, else from the config's, else IPv4.
     */
    public static Translated<Rule> rule(IpRule line) {
        Rule rule = line.family() == Family.INET6 ? Rule.ipv6() : Rule.ipv4();
        List<String> ignored = new ArrayList<>();
        List<String> words = line.words();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i).toLowerCase(Locale.ROOT);
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            if (next == null) {
                ignored.add(words.get(i));
                continue;
            }
            switch (word) {
                case "from" -> {
                    if (!next.equals("all")) {
                        IpPrefix p = IpPrefix.parse(next);
                        rule = rule.from(p.address(), p.length());
                    }
                }
                case "to" -> {
                    if (!next.equals("all")) {
                        IpPrefix p = IpPrefix.parse(next);
                        rule = rule.to(p.address(), p.length());
                    }
                }
                case "table", "lookup" -> rule = rule.table(table(next));
                case "priority", "preference", "pref", "order" -> rule = rule.priority(Integer.parseInt(next));
                case "fwmark" -> {
                    int slash = next.indexOf('/');
                    int mark = (int) Long.decode(slash < 0 ? next : next.substring(0, slash)).longValue();
                    Integer mask = slash < 0 ? null : (int) Long.decode(next.substring(slash + 1)).longValue();
                    rule = rule.fwmark(mark, mask);
                }
                case "iif", "dev" -> rule = rule.iif(next);
                case "oif" -> rule = rule.oif(next);
                default -> {
                    ignored.add(words.get(i));
                    continue;
                }
            }
            i++;
        }
        return new Translated<>(rule, ignored);
    }

    /** A routing table by number or name: main, local, default, or a name in /etc/iproute2/rt_tables. */
    public static int table(String nameOrNumber) {
        Integer known = WELL_KNOWN_TABLES.get(nameOrNumber);
        if (known != null) {
            return known;
        }
        if (nameOrNumber.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(nameOrNumber);
        }
        for (String file : List.of("/etc/iproute2/rt_tables", "/usr/share/iproute2/rt_tables")) {
            try {
                for (String row : Files.readAllLines(Path.of(file))) {
                    String[] cols = row.trim().split("\\s+");
                    if (cols.length >= 2 && !cols[0].startsWith("#") && cols[1].equals(nameOrNumber)) {
                        return Integer.parseInt(cols[0]);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // try the next file
            }
        }
        throw new IllegalArgumentException("unknown routing table '" + nameOrNumber + "'");
    }

    private static boolean isDestination(String word, IpPrefix destination) {
        if (word.equals("default")) {
            return destination.length() == 0;
        }
        try {
            return IpPrefix.parse(word).equals(destination);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static InetAddress broadcastOf(IpPrefix prefix) {
        byte[] bytes = prefix.address().getAddress();
        for (int bit = prefix.length(); bit < bytes.length * 8; bit++) {
            bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
