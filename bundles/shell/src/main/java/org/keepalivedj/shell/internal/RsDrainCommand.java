package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.lvs.RealServerView;

@Command(
        scope = "keepalived",
        name = "rs-drain",
        description = "Drains a real server: weight 0, no new connections, existing ones carry on")
@Service
public class RsDrainCommand extends RealServerAction {
    @Override
    String act(RealServerView rs) {
        rs.drain();
        return "draining";
    }
}
