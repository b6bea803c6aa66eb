package org.keepalivedj.lvs.internal;

import java.util.List;
import java.util.Map;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.daemon.ReloadPlan.Action;
import org.keepalivedj.api.daemon.ReloadPlan.Section;
import org.keepalivedj.api.model.CheckerBlock;
import org.keepalivedj.api.model.ModelDiff;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.VirtualServer;

/**
 * The LVS part of a reload plan: virtual and real servers added, removed and changed, and the checks
 * rebuilt. Decided as {@link LvsEngine#apply} decides: objects matched by key, checks kept by
 * {@link RealServerState#keptChecks}. Names as keepalived logs them ({@code [192.0.2.1]:tcp:80}).
 */
final class LvsReloadPlan {
    private LvsReloadPlan() {}

    /** sslChanged: the root SSL block differs, so SSL_GET checks are built anew. */
    static ReloadPlan of(Map<String, VirtualServer> running, Map<String, VirtualServer> next, boolean sslChanged) {
        ReloadPlan.Builder plan = new ReloadPlan.Builder();
        ModelDiff.Keyed servers = ModelDiff.keyed(running, next);
        servers.removed()
                .forEach(k -> plan.add(
                        Section.VIRTUAL_SERVER,
                        Action.REMOVE,
                        VirtualServerState.displayName(running.get(k)),
                        null,
                        null,
                        null));
        servers.added()
                .forEach(k -> plan.add(
                        Section.VIRTUAL_SERVER,
                        Action.ADD,
                        VirtualServerState.displayName(next.get(k)),
                        null,
                        null,
                        null));
        // an equal virtual server still rebuilds its SSL_GET checks when the SSL block changed
        List<String> examined = sslChanged
                ? next.keySet().stream().filter(running::containsKey).toList()
                : List.copyOf(servers.changed());
        for (String key : examined) {
            VirtualServer was = running.get(key);
            VirtualServer now = next.get(key);
            String name = VirtualServerState.displayName(now);
            for (String keyword : ModelDiff.changed(ModelDiff.VIRTUAL_SERVER, was, now)) {
                change(
                        plan,
                        Section.VIRTUAL_SERVER,
                        name,
                        keyword,
                        ModelDiff.value(ModelDiff.VIRTUAL_SERVER, keyword, was),
                        ModelDiff.value(ModelDiff.VIRTUAL_SERVER, keyword, now));
            }
            realServers(plan, was, now, name, sslChanged);
        }
        return plan.build();
    }

    private static void realServers(
            ReloadPlan.Builder plan, VirtualServer vs, VirtualServer next, String vsName, boolean sslChanged) {
        ModelDiff.Keyed reals = ModelDiff.keyed(vs.realServers(), next.realServers());
        reals.removed()
                .forEach(k -> plan.add(
                        Section.REAL_SERVER,
                        Action.REMOVE,
                        realName(vs.realServers().get(k), vs, vsName),
                        null,
                        null,
                        null));
        reals.added()
                .forEach(k -> plan.add(
                        Section.REAL_SERVER,
                        Action.ADD,
                        realName(next.realServers().get(k), next, vsName),
                        null,
                        null,
                        null));
        // a real server whose own block is equal still rebuilds its checks when the inherited virtualhost changed
        for (String key : next.realServers().keySet()) {
            RealServer was = vs.realServers().get(key);
            RealServer now = next.realServers().get(key);
            if (was == null) {
                continue;
            }
            String name = realName(now, next, vsName);
            for (String keyword : ModelDiff.changed(ModelDiff.REAL_SERVER, was, now)) {
                if (!keyword.equals("checkers")) {
                    change(
                            plan,
                            Section.REAL_SERVER,
                            name,
                            keyword,
                            ModelDiff.value(ModelDiff.REAL_SERVER, keyword, was),
                            ModelDiff.value(ModelDiff.REAL_SERVER, keyword, now));
                }
            }
            boolean virtualhostChanged = !java.util.Objects.equals(
                    RealServerState.inheritedVirtualhost(vs, was), RealServerState.inheritedVirtualhost(next, now));
            checks(plan, name, was.checkers(), now.checkers(), RealServerState.rebuilt(virtualhostChanged, sslChanged));
        }
    }

    /** One line per check built anew ({@code TCP_CHECK rebuilt}) or stopped; kept checks say nothing. */
    private static void checks(
            ReloadPlan.Builder plan,
            String name,
            List<CheckerBlock> running,
            List<CheckerBlock> next,
            java.util.function.Predicate<CheckerBlock> rebuilt) {
        boolean[] keep = RealServerState.keptChecks(running, next, rebuilt);
        List<CheckerBlock> stopped = new java.util.ArrayList<>(running);
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                stopped.remove(next.get(i));
            }
        }
        for (int i = 0; i < keep.length; i++) {
            if (!keep[i]) {
                String kind = next.get(i).kind();
                boolean replaces = stopped.stream().anyMatch(b -> b.kind().equals(kind));
                if (replaces) {
                    stopped.remove(stopped.stream()
                            .filter(b -> b.kind().equals(kind))
                            .findFirst()
                            .orElseThrow());
                }
                plan.add(Section.REAL_SERVER, Action.CHANGE, name, kind, null, replaces ? "rebuilt" : "added");
            }
        }
        stopped.forEach(b -> plan.add(Section.REAL_SERVER, Action.CHANGE, name, b.kind(), "removed", null));
    }

    private static void change(
            ReloadPlan.Builder plan, Section section, String name, String keyword, Object was, Object now) {
        String before = ModelDiff.text(was);
        String after = ModelDiff.text(now);
        boolean scalar = before != null && after != null;
        plan.add(section, Action.CHANGE, name, keyword, scalar ? before : null, scalar ? after : null);
    }

    private static String realName(RealServer rs, VirtualServer vs, String vsName) {
        return Wording.server(rs.endpoint(), vs.protocol()) + " of " + vsName;
    }
}
