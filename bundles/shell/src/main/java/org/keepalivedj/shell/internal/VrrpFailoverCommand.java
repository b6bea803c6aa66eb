package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;

@Command(
        scope = "keepalived",
        name = "vrrp-failover",
        description = "Makes a MASTER give up: it sends priority 0 and a backup takes over after Skew_Time")
@Service
public class VrrpFailoverCommand extends VrrpInstanceAction {

    @Override
    void act(VrrpInstanceView i) {
        if (i.state() != InstanceState.MASTER) {
            System.out.println(i.name() + " is " + i.state() + ", not MASTER: nothing to give up");
            return;
        }
        i.giveUpMaster();
        System.out.println(i.name() + ": giving up MASTER");
    }
}
