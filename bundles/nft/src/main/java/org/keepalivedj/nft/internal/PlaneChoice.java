package org.keepalivedj.nft.internal;

import java.util.Locale;
import org.keepalivedj.api.lvs.ForwardingPlane;

/**
 * Which forwarding plane to use, from the {@code data.plane} setting and what the kernel offers:
 * {@code auto} takes IPVS where the kernel has it, else nftables if usable, else none; {@code ipvs},
 * {@code nft} and {@code none} force one.
 *
 * @param plane  the plane to publish
 * @param reason one line for the log: what was chosen and why
 */
public record PlaneChoice(ForwardingPlane plane, String reason) {

    public static final String SETTING = "data.plane";

    /** The setting, checked: throws naming the file and key when it is not one of the four words. */
    public static String setting(Object configured) {
        String value =
                configured == null ? "auto" : configured.toString().strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return "auto";
        }
        if (!value.equals("auto") && !value.equals("ipvs") && !value.equals("nft") && !value.equals("none")) {
            throw new IllegalArgumentException(
                    "etc/org.keepalivedj.cfg: " + SETTING + " = " + configured + ": expected auto, ipvs, nft or none");
        }
        return value;
    }

    /**
     * @param ipvs         the IPVS plane service, or null when its bundle is not installed
     * @param kernelHasIpvs what {@link KernelProbe#hasIpvs()} found
     * @param nft          the nftables plane
     */
    public static PlaneChoice choose(String setting, ForwardingPlane ipvs, boolean kernelHasIpvs, ForwardingPlane nft) {
        switch (setting) {
            case "ipvs":
                if (ipvs == null) {
                    return none("data.plane = ipvs, but the IPVS plane (keepalived-ipvs) is not installed");
                }
                return new PlaneChoice(
                        ipvs,
                        "data plane: IPVS (forced by data.plane = ipvs"
                                + (kernelHasIpvs ? ")" : "; this kernel shows no IPVS, changes will fail)"));
            case "nft":
                return new PlaneChoice(
                        nft,
                        "data plane: nftables (forced by data.plane = nft"
                                + (nft.available() ? ")" : "; nftables is not usable here, changes will fail)"));
            case "none":
                return none("data.plane = none");
            default:
                if (kernelHasIpvs && ipvs != null && ipvs.available()) {
                    return new PlaneChoice(ipvs, "data plane: IPVS (the kernel has it)");
                }
                String noIpvs =
                        !kernelHasIpvs ? "the kernel has no IPVS" : "the IPVS plane is not installed or not usable";
                if (nft.available()) {
                    return new PlaneChoice(nft, "data plane: nftables, table inet keepalivedj (" + noIpvs + ")");
                }
                return none(noIpvs + " and nftables is not usable (libnftables.so.1 missing, or no CAP_NET_ADMIN)");
        }
    }

    private static PlaneChoice none(String why) {
        return new PlaneChoice(
                new NoForwardingPlane(why),
                "data plane: none (" + why + "); virtual servers will not " + "forward traffic");
    }
}
