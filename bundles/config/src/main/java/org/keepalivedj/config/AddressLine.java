package org.keepalivedj.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.VirtualAddress;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;

/**
 * An address line of virtual_ipaddress, virtual_ipaddress_excluded or static_ipaddress:
 * {@code ADDR[/LEN] [dev IF] [brd A|+|-] [scope S] [label L] [use_vmac] [-nodad] ...} into a checked
 * {@link VirtualAddress}, or null after an error.
 */
final class AddressLine {
    private static final int MAX_LABEL = 15;

    private AddressLine() {}

    /** @param defaultDevice the device of a line that names none (static_ipaddress), or null */
    static VirtualAddress parse(ConfigNode line, String block, String defaultDevice, IpValues ip, ProblemSink sink) {
        LineCursor c = new LineCursor(line, block, sink);
        IpPrefix prefix = c.prefix(null, c.next(), null);
        Family family = prefix == null ? null : prefix.family();
        String device = null;
        AddressScope scope = AddressScope.GLOBAL;
        InetAddress broadcast = null;
        String label = null;
        Set<AddressFlag> flags = EnumSet.noneOf(AddressFlag.class);
        boolean noTrack = false;
        String trackGroup = null;
        boolean useVmac = false;
        while (c.more()) {
            Token option = c.next();
            AddressFlag flag = flag(option.text());
            switch (option.text()) {
                case "dev" -> device = c.device(option, c.value(option), ip.links());
                case "scope" -> scope = Objects.requireNonNullElse(ip.scope(c, option, c.value(option)), scope);
                case "brd", "broadcast" -> broadcast = broadcast(c, option, c.value(option), prefix);
                case "label" -> label = label(c, option, c.value(option));
                case "no_track" -> noTrack = true;
                case "track_group" -> trackGroup = c.trackGroup(option, "static_ipaddress", "addresses");
                case "peer" -> {
                    if (c.prefix(option, c.value(option), family) != null) {
                        c.noEffect(option, "point-to-point addresses are not programmed");
                    }
                }
                case "preferred_lft" -> {
                    Token v = c.value(option);
                    if (v != null && (v.text().equals("forever") || c.number(option, v, 0, LineCursor.U32) != null)) {
                        c.noEffect(option, "address lifetimes are not programmed; addresses never deprecate");
                    }
                }
                case "use_vmac" -> {
                    if (block.equals("static_ipaddress")) {
                        c.noEffect(option, "use_vmac applies to the addresses of a vrrp_instance only");
                    } else {
                        useVmac = true;
                    }
                }
                default -> {
                    if (flag == null) {
                        c.unknown(option, "address");
                    } else if (flag.ipv6Only() && family == Family.INET) {
                        c.noEffect(option, "the kernel honours it on IPv6 addresses only");
                    } else {
                        flags.add(flag);
                    }
                }
            }
        }
        if (device == null && defaultDevice != null) {
            device = defaultDevice;
        }
        if (c.failed()) {
            return null;
        }
        return new VirtualAddress(
                Origin.at(line.location()),
                prefix,
                device,
                scope,
                broadcast,
                label,
                flags,
                noTrack,
                trackGroup,
                useVmac);
    }

    private static AddressFlag flag(String word) {
        for (AddressFlag f : AddressFlag.values()) {
            if (f.keyword().equals(word)) {
                return f;
            }
        }
        return null;
    }

    /** "+" sets the host bits of the address, "-" clears them (as ip). */
    private static InetAddress broadcast(LineCursor c, Token option, Token value, IpPrefix prefix) {
        if (value == null || prefix == null) {
            return null;
        }
        if (prefix.family() != Family.INET) {
            c.error(option, option.text() + " applies to IPv4 addresses only");
            return null;
        }
        if (value.text().equals("+") || value.text().equals("-")) {
            return hostBits(prefix, value.text().equals("+"));
        }
        return c.address(option, value, Family.INET);
    }

    private static InetAddress hostBits(IpPrefix prefix, boolean set) {
        byte[] bytes = prefix.address().getAddress();
        for (int bit = prefix.length(); bit < bytes.length * 8; bit++) {
            int mask = 0x80 >>> (bit % 8);
            bytes[bit / 8] = (byte) (set ? bytes[bit / 8] | mask : bytes[bit / 8] & ~mask);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String label(LineCursor c, Token option, Token value) {
        if (value == null) {
            return null;
        }
        String l = value.text();
        if (l.isEmpty() || l.length() > MAX_LABEL) {
            c.error(
                    value,
                    "label " + l + " is " + l.length() + " characters; a label is 1-" + MAX_LABEL
                            + " characters (the kernel's IFNAMSIZ)");
            return null;
        }
        return l;
    }
}
