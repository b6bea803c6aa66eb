package org.keepalivedj.api.vrrp;

import java.util.List;
import java.util.Optional;

/** The running VRRP subsystem: published as one OSGi service by the vrrp bundle. */
public interface VrrpRuntime {

    /** The instances now running, in config order. */
    List<VrrpInstanceView> instances();

    Optional<VrrpInstanceView> instance(String name);

    /** Sync group name to member instance names. */
    java.util.Map<String, List<String>> syncGroups();

    void addListener(VrrpStateListener listener);

    void removeListener(VrrpStateListener listener);
}
