package org.keepalivedj.nft.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import org.keepalivedj.netlink.GenericNetlink;

/** What this kernel offers for forwarding. */
public final class KernelProbe {

    private KernelProbe() {}

    /** IPVS is loaded ({@code /proc/net/ip_vs}) or its generic netlink family answers. */
    public static boolean hasIpvs() {
        if (Files.exists(Path.of("/proc/net/ip_vs"))) {
            return true;
        }
        try (GenericNetlink genl = GenericNetlink.open()) {
            genl.family("IPVS");
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
