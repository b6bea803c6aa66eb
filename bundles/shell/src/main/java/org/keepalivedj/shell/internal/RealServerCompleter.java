package org.keepalivedj.shell.internal;

import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;

/** Completes virtual server keys and real server keys (all of them: the console completes per word). */
@Service
public class RealServerCompleter extends NameCompleter {

    @Reference
    LvsRuntime runtime;

    @Override
    Stream<String> names() {
        return runtime.virtualServers().stream()
                .flatMap(vs -> Stream.concat(
                        Stream.of(vs.key()), vs.realServers().stream().map(RealServerView::key)));
    }
}
