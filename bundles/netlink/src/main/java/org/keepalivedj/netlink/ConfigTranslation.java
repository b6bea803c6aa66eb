package org.keepalivedj.netlink;

import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.net.ManagedAddress;

/**
 * The address lines of the config model (checked when the config was loaded) in netlink's terms.
 * Pure mapping, no parsing: every value is already typed. Shared by static_ipaddress and VRRP's
 * virtual_ipaddress blocks; route and rule lines go to {@link RtNetlink} as they are.
 */
public final class ConfigTranslation {

    private ConfigTranslation() {}

    /**
     * An address line.
     *
     * @param defaultDevice the interface when the line names none (the VRRP instance's or its VMAC)
     * @throws IllegalArgumentException when the line names no device and there is no default
     */
    public static ManagedAddress address(org.keepalivedj.api.model.VirtualAddress line, String defaultDevice) {
        String device = line.device() != null ? line.device() : defaultDevice;
        if (device == null) {
            throw new IllegalArgumentException(line.address() + ": no dev given");
        }
        IpPrefix p = line.address();
        return new ManagedAddress(
                device, p.address(), p.length(), line.scope(), line.label(), line.broadcast(), line.flags());
    }
}
