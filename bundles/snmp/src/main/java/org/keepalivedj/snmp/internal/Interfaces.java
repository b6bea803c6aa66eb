package org.keepalivedj.snmp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * What the MIBs say of an interface: its index, MAC and primary address, read from the kernel
 * (through the JDK) of the namespace this JVM runs in, when a request is answered.
 */
class Interfaces {

    record Info(int index, byte[] mac, InetAddress primary4, InetAddress primary6) {}

    private static final Info NONE = new Info(0, new byte[6], null, null);

    /**
     * The interface's index, MAC and primary addresses; {@code virtual} are the VRRP addresses the
     * config puts on interfaces, which are never the primary one (VRRP adds them after it).
     */
    Info lookup(String name, java.util.Set<InetAddress> virtual) {
        try {
            NetworkInterface ni = name == null ? null : NetworkInterface.getByName(name);
            if (ni == null) {
                return NONE;
            }
            InetAddress v4 = null;
            InetAddress v6 = null;
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (virtual.contains(a)) {
                    continue;
                }
                if (a instanceof Inet4Address && v4 == null) {
                    v4 = a;
                } else if (a instanceof Inet6Address && a.isLinkLocalAddress() && v6 == null) {
                    v6 = a;
                }
            }
            byte[] mac = ni.getHardwareAddress();
            return new Info(ni.getIndex(), mac != null ? mac : new byte[6], v4, v6);
        } catch (SocketException e) {
            return NONE;
        }
    }
}
