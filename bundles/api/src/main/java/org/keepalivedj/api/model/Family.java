package org.keepalivedj.api.model;

import java.net.Inet6Address;
import java.net.InetAddress;

/** An address family. */
public enum Family {
    INET,
    INET6;

    public static Family of(InetAddress address) {
        return address instanceof Inet6Address ? INET6 : INET;
    }

    public int maxPrefixLength() {
        return this == INET ? 32 : 128;
    }

    /** keepalived's spelling: inet or inet6. */
    public String keyword() {
        return this == INET ? "inet" : "inet6";
    }
}
