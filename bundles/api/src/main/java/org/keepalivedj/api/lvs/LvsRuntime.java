package org.keepalivedj.api.lvs;

import java.util.List;
import java.util.Optional;

/**
 * The running virtual servers: published as one OSGi service by the lvs bundle. Health and quorum
 * changes go to every {@link LvsStateListener} service (the whiteboard).
 */
public interface LvsRuntime {

    /** In config order. */
    List<VirtualServerView> virtualServers();

    default Optional<VirtualServerView> virtualServer(String key) {
        return virtualServers().stream().filter(v -> v.key().equals(key)).findFirst();
    }

    /** The data plane in use: {@code ipvs}, {@code nft}, or {@code none}. */
    String planeName();
}
