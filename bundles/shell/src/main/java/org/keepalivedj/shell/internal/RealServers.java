package org.keepalivedj.shell.internal;

import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;

final class RealServers {
    private RealServers() {
    }

    static RealServerView find(LvsRuntime runtime, String virtualServer, String realServer) {
        return runtime.virtualServer(virtualServer)
                .orElseThrow(() -> new IllegalArgumentException("no virtual server '" + virtualServer
                        + "' (keepalived:lvs-list shows them, e.g. 192.0.2.1:80/tcp)"))
                .realServer(realServer)
                .orElseThrow(() -> new IllegalArgumentException("no real server '" + realServer + "' in " + virtualServer));
    }
}
