package org.keepalivedj.shell.internal;

import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

/** Completes VRRP instance names. */
@Service
public class VrrpInstanceCompleter extends NameCompleter {

    @Reference
    VrrpRuntime runtime;

    @Override
    Stream<String> names() {
        return runtime.instances().stream().map(VrrpInstanceView::name);
    }
}
