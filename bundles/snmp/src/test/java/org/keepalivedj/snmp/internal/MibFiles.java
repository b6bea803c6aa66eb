package org.keepalivedj.snmp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object definitions of the MIB files Debian's keepalived package ships (KEEPALIVED-MIB,
 * VRRP-MIB, VRRPv3-MIB in /usr/share/snmp/mibs), read for their OIDs, syntax and access, so tests
 * can check what the agent serves against the MIBs snmp managers load.
 */
final class MibFiles {

    static final Path DIR = Path.of("/usr/share/snmp/mibs");
    static final String[] FILES = {"KEEPALIVED-MIB.txt", "VRRP-MIB.txt", "VRRPv3-MIB.txt"};

    record ObjectType(String name, Oid oid, String syntax, String access) {}

    private static final Pattern OBJECT_TYPE = Pattern.compile(
            "(?s)^\\s*([a-zA-Z][\\w-]*)\\s+OBJECT-TYPE\\s+SYNTAX\\s+(.+?)\\s+(?:UNITS\\s+\"[^\"]*\"\\s+)?MAX-ACCESS\\s+([\\w-]+).*?::=\\s*\\{\\s*([\\w-]+)\\s+(\\d+)\\s*\\}",
            Pattern.MULTILINE);
    private static final Pattern NODE = Pattern.compile(
            "^\\s*([a-zA-Z][\\w-]*)\\s+(?:OBJECT IDENTIFIER|MODULE-IDENTITY.*?)\\s*::=\\s*\\{\\s*([\\w-]+)\\s+(\\d+)\\s*\\}",
            Pattern.MULTILINE | Pattern.DOTALL);

    private final Map<Oid, ObjectType> objects = new HashMap<>();

    static boolean present() {
        for (String f : FILES) {
            if (!Files.isReadable(DIR.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    MibFiles() throws IOException {
        Map<String, Oid> names = new HashMap<>();
        names.put("enterprises", Oid.parse("1.3.6.1.4.1"));
        names.put("mib-2", Oid.parse("1.3.6.1.2.1"));
        Map<String, String[]> parents = new HashMap<>();
        Map<String, String[]> types = new HashMap<>();
        for (String f : FILES) {
            String text = Files.readString(DIR.resolve(f)).replaceAll("--[^\\n]*", "");
            // a MODULE-IDENTITY spans many lines up to its ::=: match those separately
            Matcher module = Pattern.compile(
                            "(?s)([a-zA-Z][\\w-]*)\\s+MODULE-IDENTITY\\s.*?::=\\s*\\{\\s*([\\w-]+)\\s+(\\d+)\\s*\\}")
                    .matcher(text);
            while (module.find()) {
                parents.put(module.group(1), new String[] {module.group(2), module.group(3)});
            }
            Matcher node = Pattern.compile(
                            "([a-zA-Z][\\w-]*)\\s+OBJECT IDENTIFIER\\s*::=\\s*\\{\\s*([\\w-]+)\\s+(\\d+)\\s*\\}")
                    .matcher(text);
            while (node.find()) {
                parents.put(node.group(1), new String[] {node.group(2), node.group(3)});
            }
            Matcher ot = OBJECT_TYPE.matcher(text);
            while (ot.find()) {
                parents.put(ot.group(1), new String[] {ot.group(4), ot.group(5)});
                types.put(ot.group(1), new String[] {ot.group(2).split("[\\s({]")[0], ot.group(3)});
            }
        }
        for (Map.Entry<String, String[]> t : types.entrySet()) {
            Oid oid = resolve(t.getKey(), names, parents);
            if (oid != null) {
                objects.put(oid, new ObjectType(t.getKey(), oid, t.getValue()[0], t.getValue()[1]));
            }
        }
    }

    private static Oid resolve(String name, Map<String, Oid> names, Map<String, String[]> parents) {
        Oid known = names.get(name);
        if (known != null) {
            return known;
        }
        String[] p = parents.get(name);
        if (p == null) {
            return null;
        }
        Oid parent = resolve(p[0], names, parents);
        if (parent == null) {
            return null;
        }
        Oid oid = parent.append(Integer.parseInt(p[1]));
        names.put(name, oid);
        return oid;
    }

    int size() {
        return objects.size();
    }

    /** The object an instance OID belongs to (the longest defined prefix), or null. */
    ObjectType objectOf(Oid instance) {
        for (int n = instance.size(); n > 0; n--) {
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = (int) instance.get(i);
            }
            ObjectType t = objects.get(Oid.of(ids));
            if (t != null) {
                return t;
            }
        }
        return null;
    }
}
