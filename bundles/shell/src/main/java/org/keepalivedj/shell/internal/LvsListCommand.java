package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;

@Command(
        scope = "keepalived",
        name = "lvs-list",
        description = "Lists virtual servers and their real servers: health, weights, admin state")
@Service
public class LvsListCommand implements Action {

    @Reference
    LvsRuntime runtime;

    @Override
    public Object execute() {
        System.out.println("data plane: " + runtime.planeName());
        ShellTable table = new ShellTable();
        table.column("Virtual server");
        table.column("Real server");
        table.column("Health");
        table.column("Weight");
        table.column("In plane");
        table.column("Admin");
        table.column("Last check");
        for (VirtualServerView vs : runtime.virtualServers()) {
            table.addRow()
                    .addContent(
                            vs.key(),
                            "",
                            vs.quorumUp() ? "quorum up" : "QUORUM DOWN",
                            "alive " + vs.aliveWeight(),
                            vs.sorryServerActive() ? "sorry server" : "",
                            vs.suspended() ? "suspended" : "",
                            "");
            for (RealServerView rs : vs.realServers()) {
                table.addRow()
                        .addContent(
                                "",
                                rs.key(),
                                rs.up() ? "UP" : "DOWN",
                                rs.weight() + "/" + rs.configuredWeight(),
                                rs.effectiveWeight() < 0 ? "-" : Integer.toString(rs.effectiveWeight()),
                                rs.adminState(),
                                lastCheck(rs));
            }
        }
        table.print(System.out);
        return null;
    }

    private static String lastCheck(RealServerView rs) {
        StringBuilder s = new StringBuilder();
        for (CheckerStatus c : rs.checkers()) {
            if (s.length() > 0) {
                s.append("; ");
            }
            s.append(c.kind())
                    .append(c.running() ? "" : " (no bundle)")
                    .append(": ")
                    .append(c.lastDetail().isEmpty() ? "pending" : c.lastDetail());
        }
        return s.toString();
    }
}
