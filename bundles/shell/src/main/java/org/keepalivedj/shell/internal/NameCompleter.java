package org.keepalivedj.shell.internal;

import java.util.List;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes a word from the names of what runs now (read at each completion, so a reload shows). */
abstract class NameCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        names().forEach(names.getStrings()::add);
        return names.complete(session, commandLine, candidates);
    }

    /** The names to offer. */
    abstract Stream<String> names();
}
