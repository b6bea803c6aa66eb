package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;

@Command(scope = "keepalived", name = "rs-weight", description = "Sets a real server's weight until a reload changes it in the config")
@Service
public class RsWeightCommand implements Action {

    @Reference
    LvsRuntime runtime;

    @Argument(index = 0, name = "virtualServer", required = true, description = "e.g. 192.0.2.1:80/tcp")
    @Completion(RealServerCompleter.class)
    String virtualServer;

    @Argument(index = 1, name = "realServer", required = true, description = "e.g. 10.0.0.2:80")
    @Completion(RealServerCompleter.class)
    String realServer;

    @Argument(index = 2, name = "weight", required = true, description = "0-65535")
    int weight;

    @Override
    public Object execute() {
        RealServerView rs = RealServers.find(runtime, virtualServer, realServer);
        rs.setWeight(weight);
        System.out.println(rs.key() + " of " + virtualServer + ": weight " + weight);
        return null;
    }
}
