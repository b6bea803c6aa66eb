package org.keepalivedj.nft.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Takes {@link LowDescriptors}' numbers when the bundle starts, before the daemon opens its VRRP
 * and checker sockets: the nftables contexts are made later, when a plane or table is first used.
 */
@Component(
        immediate = true,
        service = {})
public final class LowDescriptorsComponent {
    @Activate
    void activate() {
        LowDescriptors.reserve();
    }
}
