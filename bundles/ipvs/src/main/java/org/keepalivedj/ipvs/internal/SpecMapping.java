package org.keepalivedj.ipvs.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.Protocol;

/** Turns the plane's model (ServiceSpec, Destination) into the kernel's terms, and keys into the kernel's identity. */
final class SpecMapping {

    /** keepalived's persistence_granularity default: one client address. */
    static final int FULL_MASK_V4 = -1;

    static final int FULL_PREFIX_V6 = 128;

    private SpecMapping() {}

    /**
     * The kernel identifies a fwmark service by family and mark alone and reports it as TCP, so a
     * fwmark key is compared with TCP whatever protocol the configuration named.
     */
    static ServiceKey identity(ServiceKey key) {
        return key.isFwmark() && key.protocol() != Protocol.TCP
                ? ServiceKey.fwmark(key.fwmark(), key.family(), Protocol.TCP)
                : key;
    }

    static KernelService service(ServiceSpec spec) throws ForwardingPlaneException {
        ServiceKey key = identity(spec.key());
        int flags = 0;
        for (String flag : spec.schedulerFlags()) {
            flags |= schedulerFlag(spec, flag);
        }
        int timeout = 0;
        Duration persistence = spec.persistenceTimeout();
        if (persistence != null) {
            flags |= Ipvs.SVC_F_PERSISTENT;
            timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, persistence.toSeconds()));
        }
        int netmask = netmask(spec, key.family());
        return new KernelService(key, spec.scheduler().toLowerCase(Locale.ROOT), flags, timeout, netmask, null);
    }

    private static int schedulerFlag(ServiceSpec spec, String flag) throws ForwardingPlaneException {
        return switch (flag.toLowerCase(Locale.ROOT)) {
            case "hashed" -> 0; // the kernel sets it on every service itself
            case "ops" -> Ipvs.SVC_F_ONEPACKET;
            case "flag-1", "sh-fallback", "mh-fallback" -> Ipvs.SVC_F_SCHED1;
            case "flag-2", "sh-port", "mh-port" -> Ipvs.SVC_F_SCHED2;
            case "flag-3" -> Ipvs.SVC_F_SCHED3;
            default -> throw new ForwardingPlaneException(spec.key() + ": unknown scheduler flag " + flag);
        };
    }

    private static int netmask(ServiceSpec spec, Family family) throws ForwardingPlaneException {
        String text = spec.persistenceNetmask();
        if (text == null || text.isBlank()) {
            return family == Family.INET ? FULL_MASK_V4 : FULL_PREFIX_V6;
        }
        try {
            if (family == Family.INET && text.contains(".")) {
                byte[] b = InetAddress.getByName(text).getAddress();
                if (b.length == 4) {
                    int mask = ByteBuffer.wrap(b).getInt();
                    if (Integer.bitCount(mask) == Integer.numberOfLeadingZeros(~mask)) {
                        return mask;
                    }
                }
            } else if (!text.contains(".") && !text.contains(":")) {
                int prefix = Integer.parseInt(text);
                if (prefix >= 0 && prefix <= family.maxPrefixLength()) {
                    return family == Family.INET ? (prefix == 0 ? 0 : -1 << (32 - prefix)) : prefix;
                }
            }
        } catch (UnknownHostException | NumberFormatException e) {
            // reported below
        }
        throw new ForwardingPlaneException(spec.key() + ": persistence_granularity " + text + " is not a "
                + (family == Family.INET ? "netmask (255.255.255.0) or prefix length" : "prefix length 0-128"));
    }

    static KernelDestination destination(ServiceKey key, Destination d) throws ForwardingPlaneException {
        ForwardingMethod m = d.method();
        int forwarding = switch (m.kind()) {
            case NAT -> Ipvs.FWD_MASQ;
            case DR -> Ipvs.FWD_DROUTE;
            case TUN -> Ipvs.FWD_TUNNEL;
        };
        int type = Ipvs.TUN_IPIP;
        int port = 0;
        int flags = 0;
        List<String> o = m.tunnelOptions();
        for (int i = 0; i < o.size(); i++) {
            String word = o.get(i).toLowerCase(Locale.ROOT);
            switch (word) {
                case "type" -> {
                    String t = i + 1 < o.size() ? o.get(++i).toLowerCase(Locale.ROOT) : "";
                    type = switch (t) {
                        case "ipip" -> Ipvs.TUN_IPIP;
                        case "gue" -> Ipvs.TUN_GUE;
                        case "gre" -> Ipvs.TUN_GRE;
                        default ->
                            throw new ForwardingPlaneException(
                                    key + " " + d + ": tunnel type '" + t + "' is not one of ipip, gue, gre");
                    };
                }
                case "port" -> {
                    String p = i + 1 < o.size() ? o.get(++i) : "";
                    try {
                        port = Integer.parseInt(p);
                    } catch (NumberFormatException e) {
                        port = -1;
                    }
                    if (port < 1 || port > 65535) {
                        throw new ForwardingPlaneException(
                                key + " " + d + ": tunnel port '" + p + "' out of range 1-65535");
                    }
                }
                case "nocsum" -> flags = 0;
                case "csum" -> flags = Ipvs.TUN_F_CSUM;
                case "remcsum" -> flags = Ipvs.TUN_F_REMCSUM;
                default -> throw new ForwardingPlaneException(key + " " + d + ": unknown tunnel option " + o.get(i));
            }
        }
        if (type == Ipvs.TUN_GUE && port == 0) {
            throw new ForwardingPlaneException(key + " " + d + ": a gue tunnel needs a port");
        }
        return new KernelDestination(
                d.address(),
                d.port(),
                forwarding,
                d.weight(),
                d.upperThreshold(),
                d.lowerThreshold(),
                type,
                port,
                flags);
    }
}
