package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

/** A command on one VRRP instance: {@code keepalived:vrrp-... INSTANCE [...]}. */
abstract class VrrpInstanceAction implements Action {

    @Reference
    VrrpRuntime runtime;

    @Argument(index = 0, name = "instance", required = true, description = "The instance name")
    @Completion(VrrpInstanceCompleter.class)
    String name;

    @Override
    public Object execute() {
        VrrpInstanceView instance = runtime.instance(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no VRRP instance named '" + name + "' (keepalived:vrrp-list shows them)"));
        act(instance);
        return null;
    }

    /** Does what the command is for on the instance, printing what it did or found. */
    abstract void act(VrrpInstanceView instance);
}
