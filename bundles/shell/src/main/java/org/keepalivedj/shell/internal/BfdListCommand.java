package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.model.IpAddresses;

@Command(
        scope = "keepalived",
        name = "bfd-list",
        description = "Lists the BFD sessions with state, negotiated timers, counters and last down reason")
@Service
public class BfdListCommand implements Action {

    @Reference
    BfdRuntime runtime;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Session");
        table.column("Neighbor");
        table.column("State");
        table.column("Remote");
        table.column("Discr local/remote");
        table.column("TX/RX ms");
        table.column("Detect ms");
        table.column("In/Out/Dropped");
        table.column("Last down");
        table.column("Since");
        for (BfdSessionView s : runtime.sessions()) {
            table.addRow()
                    .addContent(
                            s.name(),
                            IpAddresses.format(s.neighbor()) + (s.multihop() ? " (multihop)" : ""),
                            s.state(),
                            s.remoteState(),
                            s.localDiscriminator() + "/" + s.remoteDiscriminator(),
                            millis(s.transmitInterval()) + "/" + millis(s.receiveInterval()),
                            millis(s.detectionTime()),
                            s.packetsIn() + "/" + s.packetsOut() + "/" + s.packetsDropped(),
                            s.downTransitions() == 0 ? "-" : s.lastDownDiagnostic(),
                            s.lastStateChange() == null
                                    ? "-"
                                    : s.lastStateChange().toString());
        }
        table.print(System.out);
        return null;
    }

    private static String millis(java.time.Duration d) {
        long micros = d.toNanos() / 1000;
        return micros % 1000 == 0 ? Long.toString(micros / 1000) : String.format("%.3f", micros / 1000.0);
    }
}
