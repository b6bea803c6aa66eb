package org.keepalivedj.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.lvs.LvsRuntime;

@Command(
        scope = "keepalived",
        name = "status",
        description = "Shows the daemon's state: version, uptime, config and last load")
@Service
public class StatusCommand implements Action {

    @Reference
    Daemon daemon;

    @Reference(optional = true)
    LvsRuntime lvs;

    @Override
    public Object execute() {
        print(daemon, lvs, System.out);
        return null;
    }

    static void print(Daemon daemon, LvsRuntime lvs, PrintStream out) {
        LoadResult last = daemon.lastLoad();
        Duration up = Duration.between(daemon.startedAt(), Instant.now());
        out.printf("keepalived-j %s%n", daemon.version());
        out.printf(
                "  uptime      %dd %02d:%02d:%02d%n",
                up.toDays(), up.toHoursPart(), up.toMinutesPart(), up.toSecondsPart());
        out.printf("  config      %s (id %s)%n", daemon.configPath(), daemon.configId());
        out.printf("  last load   %s  %s%n", last.at(), last.describe());
        out.printf("  data plane  %s%n", lvs == null ? "none (no virtual server subsystem)" : lvs.planeName());
        for (String e : last.errors()) {
            out.printf("    %s%n", e);
        }
    }
}
