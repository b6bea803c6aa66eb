package org.keepalivedj.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

/** Completes VRRP instance names. */
@Service
public class VrrpInstanceCompleter implements Completer {

    @Reference
    VrrpRuntime runtime;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        runtime.instances().stream().map(VrrpInstanceView::name).forEach(names.getStrings()::add);
        return names.complete(session, commandLine, candidates);
    }
}
