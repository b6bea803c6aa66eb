package org.keepalivedj.shell.internal;

import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.vrrp.VrrpInstanceView;

@Command(scope = "keepalived", name = "vrrp-show", description = "Shows one VRRP instance in detail, with its counters")
@Service
public class VrrpShowCommand extends VrrpInstanceAction {

    @Override
    void act(VrrpInstanceView i) {
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
    }
}
