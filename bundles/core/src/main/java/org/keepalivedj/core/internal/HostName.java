package org.keepalivedj.core.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The short host name, keepalived's default config id. */
final class HostName {
    private HostName() {}

    static String shortName() {
        String name = null;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (Exception e) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException ignored) {
                name = "localhost";
            }
        }
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
