package org.keepalivedj.benchmarks.soak;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.benchmarks.startup.ProcessMemory;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * One soak node: {@code SoakNode CONF DATA_DIR SAMPLE_SECONDS}. Runs the VRRP engine and, when
 * the config has virtual servers, the LVS engine with real TCP checks, in the current network
 * namespace. Prints {@code STATE name to} on every VRRP transition and, every SAMPLE_SECONDS,
 * {@code SAMPLE} with heap after a GC, threads, open fds, timer pauses and lateness, the longest GC
 * pause so far, real-server figures and VmRSS. SIGTERM stops it cleanly.
 */
public final class SoakNode {

    private SoakNode() {}

    public static void main(String[] args) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(Path.of(args[0]))
                .config();
        long sampleMillis = Long.parseLong(args[2]) * 1000;
        AtomicLong longestPauseMicros = watchGcPauses();
        NetlinkAddressManager addresses = NetlinkAddressManager.open(Path.of(args[1]));
        addresses.removeLeftovers();
        VrrpEngine vrrp = VrrpEngine.builder(addresses).start();
        vrrp.addListener((v, from, to) -> print("STATE " + v.name() + " " + to));
        vrrp.apply(config);
        SoakChecks checks = config.virtualServers().isEmpty() ? null : new SoakChecks(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (checks != null) {
                checks.close();
            }
            vrrp.close();
            addresses.removeAll();
            addresses.close();
            stopped.countDown();
        }));
        print("STARTED");
        long start = System.nanoTime();
        while (!stopped.await(sampleMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            System.gc(); // Serial: a full collection (its pause counts); G1 with ExplicitGCInvokesConcurrent: a
            // concurrent cycle
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            print(String.format(
                    "SAMPLE %d %d %d %d %d %d %d %d %d %d %d",
                    (System.nanoTime() - start) / 1_000_000,
                    heap,
                    ManagementFactory.getThreadMXBean().getThreadCount(),
                    openFds(),
                    vrrp.timerPauses(),
                    vrrp.maxTimerLatenessNanos() / 1000,
                    longestPauseMicros.get(),
                    checks == null ? 0 : checks.realServersDown(),
                    checks == null ? 0 : checks.transitions(),
                    checks == null ? 0 : checks.attempts(),
                    ProcessMemory.rssKb(ProcessHandle.current().pid())));
            if (checks != null && checks.realServersDown() > 0) {
                print("DOWN " + checks.downReasons());
            }
        }
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** The longest stop-the-world GC pause seen, in microseconds (GC notifications of the JVM). */
    private static AtomicLong watchGcPauses() {
        AtomicLong longest = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc)
                    .addNotificationListener(
                            (n, handback) -> {
                                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                                        n.getType())) {
                                    return;
                                }
                                GarbageCollectionNotificationInfo info =
                                        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                                // G1's concurrent cycle reports its whole (concurrent) duration: only pauses count.
                                if (!info.getGcName().contains("Concurrent")) {
                                    longest.accumulateAndGet(info.getGcInfo().getDuration() * 1000, Math::max);
                                }
                            },
                            null,
                            null);
        }
        return longest;
    }
}
