package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;

@Command(scope = "keepalived", name = "rs-drain", description = "Drains a real server: weight 0, no new connections, existing ones carry on")
@Service
public class RsDrainCommand implements Action {

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
        RealServerView rs = RealServers.find(runtime, virtualServer, realServer);
        rs.drain();
        System.out.println(rs.key() + " of " + virtualServer + ": draining");
        return null;
    }
}
