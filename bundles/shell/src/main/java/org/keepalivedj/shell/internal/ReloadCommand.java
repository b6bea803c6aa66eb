package org.keepalivedj.shell.internal;

import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.daemon.ReloadPreview;
import org.keepalivedj.api.daemon.StateDump;

@Command(
        scope = "keepalived",
        name = "reload",
        description =
                "Reloads keepalived.conf; a config with errors changes nothing."
                        + " With --dry-run, prints what a reload of FILE (default: the running config's) would change, and changes nothing")
@Service
public class ReloadCommand implements Action {

    @Reference
    Daemon daemon;

    @Reference(optional = true)
    StateDump dumps;

    @Option(name = "--dry-run", description = "Print the reload plan instead of reloading")
    boolean dryRun;

    @Option(name = "--json", description = "With --dry-run: the plan as JSON")
    boolean json;

    @Argument(index = 0, name = "file", description = "With --dry-run: the file to plan for (default: the one in use)")
    @Completion(FileCompleter.class)
    String file;

    @Override
    public Object execute() {
        if (!dryRun) {
            if (file != null || json) {
                System.err.println("reload: FILE and --json go with --dry-run; a reload reads " + daemon.configPath());
                return null;
            }
            LoadResult result = daemon.reload();
            System.out.println("reload: " + result.describe());
            result.errors().forEach(e -> System.out.println("  " + e));
            result.warnings().forEach(w -> System.out.println("  " + w));
            return null;
        }
        ReloadPreview preview = daemon.previewReload(file == null ? null : Path.of(file));
        if (json && dumps == null) {
            System.err.println("reload: the JSON writer (core's dumps) is not running");
            return null;
        }
        System.out.print(json ? dumps.json(preview) + "\n" : preview.text());
        return null;
    }
}
