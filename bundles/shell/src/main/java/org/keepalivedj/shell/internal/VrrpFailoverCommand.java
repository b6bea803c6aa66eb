package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

@Command(
        scope = "keepalived",
        name = "vrrp-failover",
        description = "Makes a MASTER give up: it sends priority 0 and a backup takes over after Skew_Time")
@Service
public class VrrpFailoverCommand implements Action {

    @Reference
    VrrpRuntime runtime;

    @Argument(index = 0, name = "instance", required = true, description = "The instance name")
    @Completion(VrrpInstanceCompleter.class)
    String name;

    @Override
    public Object execute() {
        VrrpInstanceView i = Instances.find(runtime, name);
        if (i.state() != InstanceState.MASTER) {
            System.out.println(i.name() + " is " + i.state() + ", not MASTER: nothing to give up");
            return null;
        }
        i.giveUpMaster();
        System.out.println(i.name() + ": giving up MASTER");
        return null;
    }
}
