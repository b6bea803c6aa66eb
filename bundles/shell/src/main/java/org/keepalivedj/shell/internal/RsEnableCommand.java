package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.lvs.RealServerView;

@Command(
        scope = "keepalived",
        name = "rs-enable",
        description = "Puts a drained or maintained real server back in normal service")
@Service
public class RsEnableCommand extends RealServerAction {
    @Override
    String act(RealServerView rs) {
        rs.enable();
        return "enabled";
    }
}
