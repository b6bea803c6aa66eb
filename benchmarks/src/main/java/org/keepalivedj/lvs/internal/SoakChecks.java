package org.keepalivedj.lvs.internal;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.check.tcp.TcpCheckFactory;

/**
 * The LVS engine with the real check-tcp checker, outside OSGi, for the soak benchmark (which
 * lives in another package: this class is the engine's one public door there). No data plane:
 * the soak measures the daemon's own stability, not a kernel's.
 */
public final class SoakChecks implements AutoCloseable {

    private final ThreadScheduler threads = new ThreadScheduler("lvs-checks");
    private final NettyCheckRuntime runtime = new NettyCheckRuntime(1, 2);
    private final LvsEngine engine = new LvsEngine(threads, new QuietNotifier(), new Random());
    private final AtomicLong transitions = new AtomicLong();

    public SoakChecks(KeepalivedConfig config) {
        engine.addListener(new LvsStateListener() {
            @Override
            public void realServerChanged(VirtualServerView vs, RealServerView rs, boolean up) {
                transitions.incrementAndGet();
            }
        });
        threads.runAndWait(
                () -> {
                    engine.addFactory(new TcpCheckFactory(runtime));
                    engine.apply(config);
                },
                60_000);
    }

    /** Address of the i-th of {@link LoopbackServers}' sockets. */
    public static String serverAddress(int i) {
        return LoopbackServers.address(i);
    }

    /** Port of the i-th of {@link LoopbackServers}' sockets. */
    public static int serverPort(int i) {
        return LoopbackServers.port(i);
    }

    /** Real-server up/down changes seen since the start. */
    public long transitions() {
        return transitions.get();
    }

    public int realServers() {
        return engine.virtualServers().stream()
                .mapToInt(v -> v.realServers().size())
                .sum();
    }

    public int realServersDown() {
        return (int) engine.virtualServers().stream()
                .flatMap(v -> v.realServers().stream())
                .filter(rs -> !rs.up())
                .count();
    }

    /** Why the servers that are down are down, with how many each (empty when all are up). */
    public java.util.Map<String, Long> downReasons() {
        return engine.virtualServers().stream()
                .flatMap(v -> v.realServers().stream())
                .filter(rs -> !rs.up())
                .collect(java.util.stream.Collectors.groupingBy(
                        rs -> rs.checkers().isEmpty()
                                ? "?"
                                : rs.checkers().get(0).lastDetail(),
                        java.util.stream.Collectors.counting()));
    }

    /** Check attempts made so far, over every checker. */
    public long attempts() {
        return engine.virtualServers().stream()
                .flatMap(v -> v.realServers().stream())
                .flatMap(rs -> rs.checkers().stream())
                .mapToLong(c -> c.attempts())
                .sum();
    }

    @Override
    public void close() {
        threads.runAndWait(engine::stop, 30_000);
        threads.close();
        runtime.close();
    }

    /** Notify scripts and FIFO are not part of the soak. */
    private static final class QuietNotifier implements Notifier {
        @Override
        public void script(String command) {}

        @Override
        public void fifo(String line) {}

        @Override
        public void configure(org.keepalivedj.api.model.GlobalDefs globals) {}
    }
}
