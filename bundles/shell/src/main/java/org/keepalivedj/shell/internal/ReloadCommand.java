package org.keepalivedj.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;

@Command(scope = "keepalived", name = "reload", description = "Reloads keepalived.conf; a config with errors changes nothing")
@Service
public class ReloadCommand implements Action {

    @Reference
    Daemon daemon;

    @Override
    public Object execute() {
        LoadResult result = daemon.reload();
        System.out.println("reload: " + result.describe());
        result.errors().forEach(e -> System.out.println("  " + e));
        result.warnings().forEach(w -> System.out.println("  " + w));
        return null;
    }
}
