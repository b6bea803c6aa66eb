package org.keepalivedj.vrrp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP advertisement as it travels on the wire.
 *
 * @param version   2 (RFC 3768) or 3 (RFC 5798)
 * @param vrid      virtual router id, 1-255
 * @param priority  0 (the master stops) to 255 (the address owner)
 * @param interval  v2: adver_int in whole seconds; v3: max_adver_int in centiseconds
 * @param authType  v2 only: 0 none, 1 simple password, 2 IP AH; 0 for v3
 * @param authData  v2 only: the 8 authentication bytes; empty for v3
 * @param addresses the virtual addresses carried (IPv4, or IPv6 for v3 over IPv6)
 */
public record VrrpAdvert(
        int version, int vrid, int priority, int interval, int authType, byte[] authData, List<InetAddress> addresses) {

    public static final int TYPE_ADVERTISEMENT = 1;
    public static final int AUTH_NONE = 0;
    public static final int AUTH_PASS = 1;
    public static final int AUTH_AH = 2;

    public VrrpAdvert {
        addresses = List.copyOf(addresses);
        authData = authData.clone();
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("VRRP version must be 2 or 3, not " + version);
        }
        if (vrid < 0 || vrid > 255 || priority < 0 || priority > 255) {
            throw new IllegalArgumentException("vrid and priority must be 0-255");
        }
        if (interval < 0 || interval > (version == 2 ? 255 : 4095)) {
            throw new IllegalArgumentException("advert interval " + interval + " out of range for VRRPv" + version);
        }
        if (addresses.size() > 255) {
            throw new IllegalArgumentException("at most 255 addresses per advert");
        }
    }

    /** A v3 advert. */
    public static VrrpAdvert v3(int vrid, int priority, int centiseconds, List<InetAddress> addresses) {
        return new VrrpAdvert(3, vrid, priority, centiseconds, AUTH_NONE, new byte[0], addresses);
    }

    /** A v2 advert; password null for no authentication (at most 8 bytes are used). */
    public static VrrpAdvert v2(int vrid, int priority, int seconds, String password, List<InetAddress> addresses) {
        byte[] auth = new byte[8];
        if (password != null) {
            byte[] p = password.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            System.arraycopy(p, 0, auth, 0, Math.min(8, p.length));
        }
        return new VrrpAdvert(2, vrid, priority, seconds, password == null ? AUTH_NONE : AUTH_PASS, auth, addresses);
    }

    /** A v2 advert to send inside IPsec AH: authentication type 2, its data eight zero bytes. */
    public static VrrpAdvert v2Ah(int vrid, int priority, int seconds, List<InetAddress> addresses) {
        return new VrrpAdvert(2, vrid, priority, seconds, AUTH_AH, new byte[8], addresses);
    }

    /** The advertised interval as a duration. */
    public Duration advertInterval() {
        return version == 2 ? Duration.ofSeconds(interval) : Duration.ofMillis(interval * 10L);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VrrpAdvert a
                && a.version == version
                && a.vrid == vrid
                && a.priority == priority
                && a.interval == interval
                && a.authType == authType
                && Arrays.equals(a.authData, authData)
                && a.addresses.equals(addresses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, vrid, priority, interval, authType, Arrays.hashCode(authData), addresses);
    }

    @Override
    public String toString() {
        return "VRRPv" + version + " vrid " + vrid + " priority " + priority + " interval " + interval
                + (version == 2 ? "s" : "cs") + " addresses " + addresses;
    }
}
