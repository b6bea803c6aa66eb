package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.lvs.RealServerView;

@Command(
        scope = "keepalived",
        name = "rs-maint",
        description = "Takes a real server out of the pool for maintenance (its checks keep running)")
@Service
public class RsMaintCommand extends RealServerAction {
    @Override
    String act(RealServerView rs) {
        rs.maintenance();
        return "in maintenance";
    }
}
