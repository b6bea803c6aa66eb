package org.keepalivedj.benchmarks.netlink;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.netlink.NetworkNamespace;
import org.keepalivedj.netlink.RtNetlink;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRootCondition;

/**
 * Adds then deletes N addresses (/32, so none is a secondary of another) on one veth interface in
 * a fresh network namespace: keepalived-j's rtnetlink against {@code ip -batch} doing the same,
 * alternating in the same run. Prints median and spread of each and the ratio.
 * <p>
 * Run as root: {@code java -cp <benchmarks classpath> org.keepalivedj.benchmarks.netlink.AddressChurnBenchmark}
 * (system properties: {@code addresses}, default 1000; {@code rounds}, default 9).
 */
public final class AddressChurnBenchmark {

    private AddressChurnBenchmark() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("addresses", 1000);
        int rounds = Integer.getInteger("rounds", 9);
        RequiresRootCondition.missingPrerequisite().ifPresent(reason -> {
            System.err.println("AddressChurnBenchmark " + reason);
            System.exit(2);
        });
        List<ManagedAddress> addresses = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String ip = "10.200." + (i / 250) + "." + (i % 250 + 1);
            addresses.add(ManagedAddress.of("v0", InetAddress.getByName(ip), 32));
            batch.append("address add ").append(ip).append("/32 dev v0\n");
        }
        for (int i = 0; i < count; i++) {
            batch.append("address delete 10.200.")
                    .append(i / 250)
                    .append('.')
                    .append(i % 250 + 1)
                    .append("/32 dev v0\n");
        }
        Path batchFile = Files.createTempFile("kj-addr-batch", ".txt");
        Files.writeString(batchFile, batch);
        Path emptyBatch = Files.createTempFile("kj-empty-batch", ".txt");

        List<Double> javaMillis = new ArrayList<>();
        List<Double> ipMillis = new ArrayList<>();
        List<Double> managerMillis = new ArrayList<>();
        List<Double> execMillis = new ArrayList<>();
        Path dataDir = Files.createTempDirectory("kj-addr-state");
        try (NetLab lab = NetLab.create()) {
            Netns ns = lab.namespace("bench");
            ns.execOrThrow("ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1");
            ns.execOrThrow("ip", "link", "set", "v0", "up");
            ns.execOrThrow("ip", "link", "set", "v1", "up");
            try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
                int index = rtnl.indexOf("v0");
                // Warm-up (JIT, jnr-ffi stubs), not counted.
                churnJava(rtnl, addresses, index);
                runIpBatch(ns, batchFile);
                churnManager(ns, addresses, dataDir);
                for (int r = 0; r < rounds; r++) {
                    // Alternate who goes first so drift on a shared machine hits both.
                    if (r % 2 == 0) {
                        javaMillis.add(churnJava(rtnl, addresses, index));
                        ipMillis.add(runIpBatch(ns, batchFile));
                    } else {
                        ipMillis.add(runIpBatch(ns, batchFile));
                        javaMillis.add(churnJava(rtnl, addresses, index));
                    }
                    managerMillis.add(churnManager(ns, addresses, dataDir));
                    execMillis.add(runIpBatch(ns, emptyBatch));
                }
                if (!ns.execOrThrow("ip", "-4", "-o", "addr", "show", "dev", "v0")
                        .stdout()
                        .isBlank()) {
                    throw new IllegalStateException("addresses left on v0 after the benchmark");
                }
            }
        } finally {
            Files.deleteIfExists(batchFile);
            Files.deleteIfExists(emptyBatch);
            Files.deleteIfExists(dataDir.resolve(NetlinkAddressManager.STATE_FILE));
            Files.deleteIfExists(dataDir);
        }
        print(count, rounds, javaMillis, ipMillis, managerMillis, execMillis);
    }

    private static double churnJava(RtNetlink rtnl, List<ManagedAddress> addresses, int index) {
        long start = System.nanoTime();
        for (ManagedAddress a : addresses) {
            rtnl.addAddress(a, index);
        }
        for (ManagedAddress a : addresses) {
            rtnl.deleteAddress(a, index);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** The AddressManager path: idempotent adds that record each address in the state file first. */
    private static double churnManager(Netns ns, List<ManagedAddress> addresses, Path dataDir) throws Exception {
        try (NetlinkAddressManager manager = NetlinkAddressManager.open(ns.name(), dataDir)) {
            long start = System.nanoTime();
            for (ManagedAddress a : addresses) {
                if (!manager.add(a)) {
                    throw new IllegalStateException("not added: " + a);
                }
            }
            if (manager.removeAll() != addresses.size()) {
                throw new IllegalStateException("removeAll did not remove every address");
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static double runIpBatch(Netns ns, Path batchFile) {
        long start = System.nanoTime();
        ns.exec(Duration.ofMinutes(2), "ip", "-batch", batchFile.toString()).orThrow();
        return (System.nanoTime() - start) / 1e6;
    }

    private static void print(
            int count, int rounds, List<Double> java, List<Double> ip, List<Double> manager, List<Double> exec) {
        double javaMedian = median(java);
        double ipMedian = median(ip);
        System.out.printf(
                "Address churn: add then delete %d IPv4 /32 addresses on one veth in a fresh namespace, %d rounds%n",
                count, rounds);
        System.out.printf("%-34s %10s %10s %10s %12s%n", "what", "median ms", "min ms", "max ms", "per address");
        row("keepalived-j rtnetlink (jnr-ffi)", java, count);
        row("ip -batch (iproute2, incl. exec)", ip, count);
        row("AddressManager (+ state file)", manager, count);
        System.out.printf(
                "%-34s %10.1f %10.1f %10.1f%n",
                "(ip -batch of an empty file)", median(exec), Collections.min(exec), Collections.max(exec));
        System.out.printf(
                "ratio keepalived-j / ip -batch (medians): %.2f  (below 1 = faster than ip -batch)%n",
                javaMedian / ipMedian);
    }

    private static void row(String what, List<Double> values, int count) {
        System.out.printf(
                "%-34s %10.1f %10.1f %10.1f %10.1f us%n",
                what,
                median(values),
                Collections.min(values),
                Collections.max(values),
                median(values) * 1000 / (2.0 * count));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
