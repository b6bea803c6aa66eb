package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.lvs.RealServerView;

@Command(
        scope = "keepalived",
        name = "rs-weight",
        description = "Sets a real server's weight until a reload changes it in the config")
@Service
public class RsWeightCommand extends RealServerAction {

    @Argument(index = 2, name = "weight", required = true, description = "0-65535")
    int weight;

    @Override
    String act(RealServerView rs) {
        rs.setWeight(weight);
        return "weight " + weight;
    }
}
