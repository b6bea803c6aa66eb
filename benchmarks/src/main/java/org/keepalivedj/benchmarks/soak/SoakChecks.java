package org.keepalivedj.benchmarks.soak;

import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.benchmarks.check.LoopbackServers;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.check.tcp.TcpCheckFactory;
import org.keepalivedj.lvs.EmbeddedLvs;

/**
 * The LVS engine with the real check-tcp checker, embedded, for the soak benchmark. No data plane:
 * the soak measures the daemon's own stability, not a kernel's.
 */
public final class SoakChecks implements AutoCloseable {

    private final NettyCheckRuntime runtime = new NettyCheckRuntime(1, 2);
    private final AtomicLong transitions = new AtomicLong();
    private final EmbeddedLvs engine = EmbeddedLvs.builder()
            .checker(new TcpCheckFactory(runtime))
            .listener(new LvsStateListener() {
                @Override
                public void realServerChanged(VirtualServerView vs, RealServerView rs, boolean up) {
                    transitions.incrementAndGet();
                }
            })
            .start();

    public SoakChecks(KeepalivedConfig config) {
        engine.apply(config);
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
        engine.close();
        runtime.close();
    }
}
