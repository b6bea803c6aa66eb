package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

@Command(
        scope = "keepalived",
        name = "vrrp-list",
        description = "Lists the VRRP instances with state, priority and master")
@Service
public class VrrpListCommand implements Action {

    @Reference
    VrrpRuntime runtime;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Instance");
        table.column("State");
        table.column("Prio");
        table.column("VRID");
        table.column("Interface");
        table.column("Ver");
        table.column("Master");
        table.column("VIPs");
        for (VrrpInstanceView i : runtime.instances()) {
            table.addRow()
                    .addContent(
                            i.name(),
                            i.state(),
                            i.effectivePriority() + "/" + i.basePriority(),
                            i.virtualRouterId(),
                            i.interfaceName(),
                            i.version(),
                            i.masterAddress() == null ? "-" : IpAddresses.format(i.masterAddress()),
                            String.join(", ", i.virtualAddresses()));
        }
        table.print(System.out);
        return null;
    }
}
