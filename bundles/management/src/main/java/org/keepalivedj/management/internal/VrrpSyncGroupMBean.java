package org.keepalivedj.management.internal;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.StandardMBean;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.management.VrrpSyncGroupMXBean;

final class VrrpSyncGroupMBean extends StandardMBean implements VrrpSyncGroupMXBean {
    private final String name;
    private final VrrpRuntime runtime;

    VrrpSyncGroupMBean(String name, VrrpRuntime runtime) {
        super(VrrpSyncGroupMXBean.class, true);
        this.name = name;
        this.runtime = runtime;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getState() {
        Set<String> states = members().stream()
                .map(m -> runtime.instance(m).map(i -> i.state().name()).orElse("UNKNOWN"))
                .collect(Collectors.toSet());
        return states.size() == 1 ? states.iterator().next() : states.isEmpty() ? "EMPTY" : "MIXED";
    }

    @Override
    public String[] getMembers() {
        return members().toArray(String[]::new);
    }

    private List<String> members() {
        return runtime.syncGroups().getOrDefault(name, List.of());
    }
}
