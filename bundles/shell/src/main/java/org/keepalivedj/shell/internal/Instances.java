package org.keepalivedj.shell.internal;

import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

final class Instances {
    private Instances() {}

    static VrrpInstanceView find(VrrpRuntime runtime, String name) {
        return runtime.instance(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no VRRP instance named '" + name + "' (keepalived:vrrp-list shows them)"));
    }
}
