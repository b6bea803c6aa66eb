package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;

/** A command on one real server: {@code keepalived:rs-... VIRTUAL_SERVER REAL_SERVER [...]}. */
abstract class RealServerAction implements Action {

    @Reference
    LvsRuntime runtime;

    @Argument(index = 0, name = "virtualServer", required = true, description = "e.g. 192.0.2.1:80/tcp")
    @Completion(RealServerCompleter.class)
    String virtualServer;

    @Argument(index = 1, name = "realServer", required = true, description = "e.g. 10.0.0.2:80")
    @Completion(RealServerCompleter.class)
    String realServer;

    @Override
    public Object execute() {
        RealServerView rs = runtime.virtualServer(virtualServer)
                .orElseThrow(() -> new IllegalArgumentException("no virtual server '" + virtualServer
                        + "' (keepalived:lvs-list shows them, e.g. 192.0.2.1:80/tcp)"))
                .realServer(realServer)
                .orElseThrow(
                        () -> new IllegalArgumentException("no real server '" + realServer + "' in " + virtualServer));
        System.out.println(rs.key() + " of " + virtualServer + ": " + act(rs));
        return null;
    }

    /** Does the change and says what was done, in a few words. */
    abstract String act(RealServerView rs);
}
