package org.keepalivedj.bfd.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.bfd.BfdUpSessions;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.config.checkers.BfdCheckSpec;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.osgi.service.component.annotations.Component;

/**
 * BFD_CHECK as a checker kind, bound by the config's built-in binder. It follows the BFD sessions as
 * a {@link BfdSessionListener} service (the bfd bundle's runtime binds it: told the sessions when
 * bound, then every change) and wakes the checks whose session became Up or stopped being Up. Until
 * it is bound every session counts as down.
 */
@Component(service = {HealthCheckerFactory.class, BfdSessionListener.class})
public class BfdCheckFactory implements HealthCheckerFactory, BfdSessionListener {
    private final BfdUpSessions up = new BfdUpSessions();
    private final Set<BfdCheck> following = ConcurrentHashMap.newKeySet();

    @Override
    public Set<String> keywords() {
        return Set.of(BfdCheck.KIND);
    }

    @Override
    public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return BuiltinCheckers.bind(block, sink);
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        return new BfdCheck(this, ((BfdCheckSpec) spec).name());
    }

    @Override
    public void bound(List<BfdSessionView> sessions) {
        up.bound(sessions);
        following.forEach(c -> c.changed(c.session()));
    }

    @Override
    public void stateChanged(BfdSessionView session, String from, String to) {
        if (up.changed(session, from, to)) {
            following.forEach(c -> c.changed(session.name()));
        }
    }

    boolean isUp(String session) {
        return up.isUp(session);
    }

    /** How many checks follow their session now. */
    public int checksFollowing() {
        return following.size();
    }

    void follow(BfdCheck check) {
        following.add(check);
    }

    void unfollow(BfdCheck check) {
        following.remove(check);
    }
}
