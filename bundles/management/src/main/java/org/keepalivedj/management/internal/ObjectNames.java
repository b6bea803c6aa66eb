package org.keepalivedj.management.internal;

import javax.management.ObjectName;

/** keepalived's JMX names; values that hold JMX's special characters are quoted. */
final class ObjectNames {
    private ObjectNames() {}

    static String of(String type, String name) {
        return "keepalived:type=" + type + ",name=" + value(name);
    }

    static String value(String v) {
        for (char c : v.toCharArray()) {
            if (",=:\"*?\n".indexOf(c) >= 0) {
                return ObjectName.quote(v);
            }
        }
        return v;
    }
}
