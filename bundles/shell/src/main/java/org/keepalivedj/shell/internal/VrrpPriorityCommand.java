package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.vrrp.VrrpInstanceView;

@Command(
        scope = "keepalived",
        name = "vrrp-priority",
        description = "Overrides an instance's base priority at run time, or clears the override")
@Service
public class VrrpPriorityCommand extends VrrpInstanceAction {

    @Argument(index = 1, name = "priority", description = "1-254 (255 only for the address owner)")
    Integer priority;

    @Option(name = "--clear", description = "Clear the override: back to the configured priority")
    boolean clear;

    @Override
    void act(VrrpInstanceView i) {
        if (clear) {
            i.clearPriorityOverride();
            System.out.println(i.name() + ": priority override cleared");
        } else if (priority != null) {
            i.setPriorityOverride(priority);
            System.out.println(i.name() + ": priority set to " + priority + " until cleared");
        } else {
            System.out.println(i.name() + ": priority " + i.effectivePriority() + " (base " + i.basePriority() + ")");
        }
    }
}
