package org.keepalivedj.shell.internal;

import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

@Command(scope = "keepalived", name = "vrrp-show", description = "Shows one VRRP instance in detail, with its counters")
@Service
public class VrrpShowCommand implements Action {

    @Reference
    VrrpRuntime runtime;

    @Argument(index = 0, name = "instance", required = true, description = "The instance name")
    @Completion(VrrpInstanceCompleter.class)
    String name;

    @Override
    public Object execute() {
        VrrpInstanceView i = Instances.find(runtime, name);
        System.out.printf("VRRP instance %s%n", i.name());
        System.out.printf("  state            %s (wanted %s)%n", i.state(), i.wantedState());
        System.out.printf("  priority         %d (base %d)%n", i.effectivePriority(), i.basePriority());
        System.out.printf(
                "  vrid             %d on %s, VRRPv%d, advert %d ms%n",
                i.virtualRouterId(),
                i.interfaceName(),
                i.version(),
                i.advertInterval().toMillis());
        System.out.printf(
                "  master           %s (priority %d)%n",
                i.masterAddress() == null ? "unknown" : IpAddresses.format(i.masterAddress()), i.masterPriority());
        System.out.printf("  last transition  %s%n", i.lastTransition());
        for (String vip : i.virtualAddresses()) {
            System.out.printf("  vip              %s%n", vip);
        }
        for (String reason : i.faultReasons()) {
            System.out.printf("  fault            %s%n", reason);
        }
        for (Map.Entry<String, Long> c : i.counters().entrySet()) {
            System.out.printf("  %-28s %d%n", c.getKey(), c.getValue());
        }
        return null;
    }
}
