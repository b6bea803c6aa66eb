package org.keepalivedj.shell.internal;

import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;

@Command(scope = "keepalived", name = "check-config", description = "Checks a keepalived.conf without applying it")
@Service
public class CheckConfigCommand implements Action {

    @Reference
    Daemon daemon;

    @Argument(index = 0, name = "file", description = "The file to check (default: the one in use)")
    @Completion(FileCompleter.class)
    String file;

    @Override
    public Object execute() {
        Path path = file == null ? daemon.configPath() : Path.of(file);
        LoadResult result = daemon.checkConfig(path);
        System.out.println(path + ": " + result.describe());
        result.errors().forEach(e -> System.out.println("  " + e));
        result.warnings().forEach(w -> System.out.println("  " + w));
        return null;
    }
}
