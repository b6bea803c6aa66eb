package org.keepalivedj.lvs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.lvs.AdminState;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.model.CheckerBlock;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.SslSettings;
import org.keepalivedj.api.model.VirtualServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real server at run time: its checkers, its verdict (up only when every checker is up), its weight
 * (operator's, else the configured one plus what weight-setting checks add), admin state and slow start. Mutated only on the
 * scheduler thread; the view methods read volatile snapshots.
 */
final class RealServerState implements RealServerView, CheckerRun.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(RealServerState.class);
    private static final long MIN_RAMP_STEP_NANOS = Duration.ofMillis(100).toNanos();

    private final VirtualServerState vs;
    private final EngineContext ctx;
    private final String name;
    private volatile RealServer config;
    /** The virtualhost its checkers were created with (inherited from the real or virtual server). */
    private String virtualhost;
    /** The root SSL block its checkers were created with. */
    private SslSettings ssl;

    private volatile List<CheckerRun> runs = List.of();
    private volatile boolean alive;
    private volatile AdminState admin = AdminState.ENABLED;
    private volatile Integer operatorWeight;
    /** The configured weight plus what the checks' results add (keepalived's effective weight). */
    private volatile int checkedWeight;

    private Extras extras;
    private long rampStartNanos = -1;
    private Scheduler.Timer rampTimer;

    RealServerState(VirtualServerState vs, EngineContext ctx, RealServer config) {
        this.vs = vs;
        this.ctx = ctx;
        this.config = config;
        this.virtualhost = inheritedVirtualhost();
        this.name = Wording.server(config.endpoint(), vs.config().protocol());
        this.checkedWeight = config.weight();
    }

    /** Creates the checkers; start state is up unless alpha says otherwise, and silent. */
    void start() {
        ssl = ctx.checkerContext().ssl();
        extras = Extras.of(vs.config(), config);
        List<CheckerRun> created = new ArrayList<>();
        for (CheckerBlock b : config.checkers()) {
            created.add(newRun(b));
        }
        runs = List.copyOf(created);
        alive = allUp();
        runs.forEach(this::attachIfPossible);
    }

    private CheckerRun newRun(CheckerBlock b) {
        return new CheckerRun(b, timing(b), !alpha(b), ctx.scheduler(), this);
    }

    private boolean alpha(CheckerBlock b) {
        return vs.config().alpha()
                || config.alpha()
                || (b.spec() != null && b.spec().settings().alpha());
    }

    private Timing timing(CheckerBlock b) {
        var checkerTiming =
                b.spec() != null ? b.spec().settings().timing() : org.keepalivedj.api.model.CheckTiming.UNSET;
        return Timing.resolve(checkerTiming, config.timing(), vs.config().timing(), extras.rise(), extras.fall());
    }

    /** Gives the run a checker if a factory for its kind is installed. */
    void attachIfPossible(CheckerRun run) {
        if (run.running()) {
            return;
        }
        Optional<HealthCheckerFactory> factory = ctx.factory(run.kind());
        if (factory.isEmpty()) {
            // the engine warns once per kind; thousands of lines would bury it
            LOG.debug(
                    "No checker installed for {} of {} in VS {}: it keeps its state ({}) until one is",
                    run.kind(),
                    name,
                    vs.name(),
                    run.up() ? "up" : "down");
            return;
        }
        HealthChecker checker = create(factory.get(), run.block());
        if (checker != null) {
            run.attach(factory.get(), checker, ctx.warmupDelay(run.timing()));
            if (vs.suspended()) {
                run.suspend();
            }
        }
    }

    /** Binds the block again with the live factory (the spec in the model may come from another binder). */
    private HealthChecker create(HealthCheckerFactory factory, CheckerBlock block) {
        ProblemSink sink = new ProblemSink() {
            @Override
            public void error(Location at, String message) {
                LOG.error("{}: {}", at, message);
            }

            @Override
            public void warning(Location at, String message) {
                LOG.warn("{}: {}", at, message);
            }
        };
        try {
            CheckerSpec spec = factory.bind(block.block(), sink);
            return factory.create(
                    spec,
                    new CheckTarget(vs.config().key(), config.endpoint(), config.weight(), virtualhost),
                    ctx.checkerContext());
        } catch (RuntimeException e) {
            LOG.error("{}: cannot create {} for {}: {}", block.origin(), block.kind(), name, e.toString());
            return null;
        }
    }

    /**
     * The factory went away: its checkers stop and hold their start verdict (up, or down with alpha)
     * until a factory for the kind comes back; the server's state follows once. Returns how many stopped.
     */
    int factoryGone(HealthCheckerFactory factory) {
        int n = 0;
        for (CheckerRun run : runs) {
            if (run.factory() == factory) {
                run.orphan();
                n++;
            }
        }
        if (n > 0) {
            updateAlive();
        }
        return n;
    }

    void suspend() {
        runs.forEach(CheckerRun::suspend);
    }

    void resume() {
        runs.forEach(r -> r.resume(ctx.warmupDelay(r.timing())));
    }

    /**
     * A reload. Checker blocks that did not change keep their run and verdict; new ones start as at
     * start; an operator's weight stays unless the configured weight changed. A changed block's checker
     * is created before the run it replaces (same kind) stops: when its factory refuses it, that run
     * goes on as configured before and the block is returned, as {@code file:line:col: message}.
     */
    List<String> reconfigure(RealServer next) {
        RealServer previous = config;
        config = next;
        // checkers see the inherited virtualhost: when it changes, none of them is kept as it was
        boolean virtualhostChanged = !java.util.Objects.equals(virtualhost, inheritedVirtualhost());
        virtualhost = inheritedVirtualhost();
        // SSL_GET checks hold a TLS context made from the SSL block: a changed block builds them anew
        boolean sslChanged = !java.util.Objects.equals(ssl, ctx.checkerContext().ssl());
        ssl = ctx.checkerContext().ssl();
        extras = Extras.of(vs.config(), next);
        if (previous.weight() != next.weight()) {
            operatorWeight = null;
        }
        List<String> notApplied = new ArrayList<>();
        List<CheckerRun> old = new ArrayList<>(runs);
        List<CheckerRun> kept = new ArrayList<>();
        boolean[] keep = keptChecks(
                old.stream().map(CheckerRun::block).toList(), next.checkers(), rebuilt(virtualhostChanged, sslChanged));
        for (int i = 0; i < keep.length; i++) {
            CheckerBlock b = next.checkers().get(i);
            CheckerRun reuse = keep[i]
                    ? old.stream().filter(r -> r.block().equals(b)).findFirst().orElseThrow()
                    : null;
            if (reuse != null) {
                old.remove(reuse);
                reuse.retime(timing(b));
                kept.add(reuse);
                continue;
            }
            CheckerRun fresh = newRun(b);
            Optional<HealthCheckerFactory> factory = ctx.factory(b.kind());
            HealthChecker checker = factory.map(f -> create(f, b)).orElse(null);
            CheckerRun predecessor = old.stream()
                    .filter(r -> r.running() && r.kind().equals(b.kind()))
                    .findFirst()
                    .orElse(null);
            if (factory.isPresent() && checker == null && predecessor != null) {
                old.remove(predecessor);
                kept.add(predecessor);
                notApplied.add(b.origin() + ": " + b.kind() + " of " + name + " in VS " + vs.name()
                        + " cannot be created (its running check keeps its previous configuration)");
                continue;
            }
            if (checker != null) {
                fresh.attach(factory.get(), checker, ctx.warmupDelay(fresh.timing()));
                if (vs.suspended()) {
                    fresh.suspend();
                }
            }
            kept.add(fresh);
        }
        old.forEach(CheckerRun::detach);
        runs = List.copyOf(kept);
        runs.forEach(this::attachIfPossible);
        updateCheckedWeight();
        updateAlive();
        return notApplied;
    }

    /** keepalived's virtualhost inheritance: the real server's, else the virtual server's. */
    private String inheritedVirtualhost() {
        return inheritedVirtualhost(vs.config(), config);
    }

    static String inheritedVirtualhost(VirtualServer vs, RealServer rs) {
        return rs.virtualhost() != null ? rs.virtualhost() : vs.virtualhost();
    }

    /**
     * Which of the new checker blocks keep their running check (an equal block runs; each running one
     * is kept once), in the new blocks' order; the others, and those rebuilt says, are built anew. The
     * reload and its plan both decide with this.
     */
    static boolean[] keptChecks(
            List<CheckerBlock> running, List<CheckerBlock> next, java.util.function.Predicate<CheckerBlock> rebuilt) {
        List<CheckerBlock> left = new ArrayList<>(running);
        boolean[] keep = new boolean[next.size()];
        for (int i = 0; i < next.size(); i++) {
            keep[i] = !rebuilt.test(next.get(i)) && left.remove(next.get(i));
        }
        return keep;
    }

    /**
     * The checks a reload builds anew even when their block is equal: all of them when the inherited
     * virtualhost changed, the SSL_GET ones when the root SSL block changed.
     */
    static java.util.function.Predicate<CheckerBlock> rebuilt(boolean virtualhostChanged, boolean sslChanged) {
        return b -> virtualhostChanged || (sslChanged && b.kind().equals("SSL_GET"));
    }

    void close() {
        runs.forEach(CheckerRun::detach);
        cancelRamp();
    }

    private boolean allUp() {
        for (CheckerRun r : runs) {
            if (!r.up()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void checkerChanged(CheckerRun run) {
        vs.checkerChanged(this, run.status(), allUp() != alive);
        updateAlive();
    }

    private void updateAlive() {
        boolean now = allUp();
        if (now == alive) {
            return;
        }
        alive = now;
        if (now) {
            startRamp();
        } else {
            cancelRamp();
        }
        vs.realServerChanged(this, now);
    }

    @Override
    public void weightAskedChanged(CheckerRun run) {
        updateCheckedWeight();
    }

    private void updateCheckedWeight() {
        int w = checkedWeight(
                config.weight(), runs.stream().map(CheckerRun::weightAsked).toList());
        if (w != checkedWeight) {
            LOG.info(
                    "Changing weight from {} to {} for {}active service {} of VS {}",
                    checkedWeight,
                    w,
                    alive ? "" : "in",
                    name,
                    vs.name());
            checkedWeight = w;
            vs.weightChanged();
        }
    }

    /**
     * keepalived's rule for several weight-setting checks on one server: each adds its part (a
     * misc_dynamic exit 12 on a weight-1 server asks for 10 and so adds 9, a FILE_CHECK adds value *
     * weight), and the server's weight is the configured one plus all parts, kept within 0..65535. A
     * check that asks for nothing (null) adds nothing.
     */
    static int checkedWeight(int configured, List<CheckResult> asked) {
        long w = configured;
        for (CheckResult a : asked) {
            if (a != null && a.weight().isPresent()) {
                int n = a.weight().getAsInt();
                w += a.weightAdds() ? n : n - (long) configured;
            }
        }
        return (int) Math.max(0, Math.min(65535, w));
    }

    @Override
    public String serverName() {
        return name;
    }

    @Override
    public boolean logAllFailures() {
        return ctx.checkerLogAllFailures();
    }

    RealServer config() {
        return config;
    }

    boolean inhibit() {
        return config.inhibitOnFailure() || vs.config().inhibitOnFailure();
    }

    /** What this server adds to the quorum: its weight when up and enabled. */
    int quorumWeight() {
        return alive && admin == AdminState.ENABLED ? weight() : 0;
    }

    /** The destination for the data plane, or null when it must not be in the service. */
    Destination destination(boolean sorryActive) {
        int w = effectiveWeight(sorryActive);
        if (w < 0) {
            return null;
        }
        VirtualServer v = vs.config();
        ForwardingMethod method =
                config.method() != null ? config.method() : v.method() != null ? v.method() : ForwardingMethod.NAT;
        return new Destination(
                config.endpoint().address(),
                config.endpoint().port(),
                w,
                method,
                config.upperThreshold(),
                config.lowerThreshold());
    }

    private int effectiveWeight(boolean sorryActive) {
        if (admin == AdminState.MAINT) {
            return -1;
        }
        if (!alive || sorryActive) {
            return !alive && inhibit() ? 0 : -1;
        }
        if (admin == AdminState.DRAIN) {
            return 0;
        }
        return rampedWeight();
    }

    private int rampedWeight() {
        int w = weight();
        long slow = extras.slowStart().toNanos();
        if (rampStartNanos < 0 || slow <= 0) {
            return w;
        }
        long elapsed = ctx.scheduler().nanoTime() - rampStartNanos;
        if (elapsed >= slow) {
            return w;
        }
        return (int) (w * (double) elapsed / slow);
    }

    private void startRamp() {
        cancelRamp();
        long slow = extras.slowStart().toNanos();
        if (slow <= 0) {
            return;
        }
        rampStartNanos = ctx.scheduler().nanoTime();
        LOG.info(
                "Slow start of {} in VS {}: weight from 0 to {} over {} ms",
                name,
                vs.name(),
                weight(),
                extras.slowStart().toMillis());
        scheduleRampStep(Math.max(MIN_RAMP_STEP_NANOS, slow / 10));
    }

    private void scheduleRampStep(long step) {
        rampTimer = ctx.scheduler().schedule(step, () -> {
            rampTimer = null;
            ctx.planeChanged();
            if (ctx.scheduler().nanoTime() - rampStartNanos < extras.slowStart().toNanos()) {
                scheduleRampStep(step);
            } else {
                rampStartNanos = -1;
            }
        });
    }

    private void cancelRamp() {
        if (rampTimer != null) {
            rampTimer.cancel();
            rampTimer = null;
        }
        rampStartNanos = -1;
    }

    List<CheckerRun> runs() {
        return runs;
    }

    // ---- RealServerView -------------------------------------------------------------------

    @Override
    public String key() {
        return config.key();
    }

    @Override
    public String virtualServerKey() {
        return vs.key();
    }

    String name() {
        return name;
    }

    @Override
    public boolean up() {
        return alive;
    }

    @Override
    public int configuredWeight() {
        return config.weight();
    }

    @Override
    public int weight() {
        Integer o = operatorWeight;
        if (o != null) {
            return o;
        }
        return checkedWeight;
    }

    @Override
    public int effectiveWeight() {
        return effectiveWeight(vs.sorryServerActive());
    }

    @Override
    public AdminState adminState() {
        return admin;
    }

    @Override
    public List<CheckerStatus> checkers() {
        return runs.stream().map(CheckerRun::status).toList();
    }

    @Override
    public void setWeight(int weight) {
        if (weight < 0 || weight > 65535) {
            throw new IllegalArgumentException("weight " + weight + " out of range 0-65535");
        }
        ctx.scheduler().execute(() -> {
            LOG.info("Setting weight of {} in VS {} to {} (operator)", name, vs.name(), weight);
            operatorWeight = weight;
            vs.weightChanged();
        });
    }

    @Override
    public void drain() {
        setAdmin(AdminState.DRAIN);
    }

    @Override
    public void maintenance() {
        setAdmin(AdminState.MAINT);
    }

    @Override
    public void enable() {
        setAdmin(AdminState.ENABLED);
    }

    private void setAdmin(AdminState next) {
        ctx.scheduler().execute(() -> adminState(next));
    }

    /** On the scheduler thread: also used to carry the state over a reload. */
    void adminState(AdminState next) {
        if (admin != next) {
            LOG.info("Admin state of {} in VS {}: {} (was {})", name, vs.name(), next, admin);
            admin = next;
            vs.weightChanged();
        }
    }

    @Override
    public void checkNow() {
        ctx.scheduler().execute(() -> runs.forEach(CheckerRun::checkNow));
    }
}
