package org.keepalivedj.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.keepalivedj.api.lvs.LvsRuntime;

/** Completes virtual server keys and real server keys (all of them: the console completes per word). */
@Service
public class RealServerCompleter implements Completer {

    @Reference
    LvsRuntime runtime;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        runtime.virtualServers().forEach(vs -> {
            names.getStrings().add(vs.key());
            vs.realServers().forEach(rs -> names.getStrings().add(rs.key()));
        });
        return names.complete(session, commandLine, candidates);
    }
}
