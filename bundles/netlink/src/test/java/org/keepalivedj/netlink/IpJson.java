package org.keepalivedj.netlink;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keepalivedj.testsupport.Netns;

/** Reads what the kernel holds through {@code ip -j}, with just enough JSON picking for the tests. */
final class IpJson {

    private IpJson() {}

    /** "local" values of {@code ip -j addr show dev X}, as "addr/prefix". */
    static List<String> addresses(Netns ns, String dev) {
        String json = ns.execOrThrow("ip", "-j", "addr", "show", "dev", dev).stdout();
        List<String> result = new ArrayList<>();
        Matcher m =
                Pattern.compile("\"local\":\"([^\"]+)\",\"prefixlen\":(\\d+)").matcher(json);
        while (m.find()) {
            result.add(m.group(1) + "/" + m.group(2));
        }
        return result;
    }

    static String addressJson(Netns ns, String dev) {
        return ns.execOrThrow("ip", "-j", "addr", "show", "dev", dev).stdout();
    }
}
