package org.keepalivedj.benchmarks.nft;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.nft.NftForwardingPlane;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRootCondition;

/**
 * The nftables plane in a fresh network namespace: {@code services} x {@code destinations}
 * (default 1,000 x 10, wrr) applied from empty (one transaction that builds the whole table), then
 * one weight change among those 10,000 destinations (the diff over all services plus the small
 * transaction that rewrites one service chain), then an apply that changes nothing (the diff alone).
 * Anchor in the same run: the {@code nft} command loading the same table as text into a fresh
 * namespace, and rewriting one service chain from a text batch (what a weight change does).
 * Prints median, min and max of each over {@code rounds} runs (default 7; weight changes 3x that).
 * <p>
 * Run as root: {@code java -cp <benchmarks classpath> org.keepalivedj.benchmarks.nft.NftPlaneBenchmark}
 * (system properties {@code services}, {@code destinations}, {@code rounds}).
 */
public final class NftPlaneBenchmark {

    private NftPlaneBenchmark() {}

    public static void main(String[] args) throws Exception {
        int services = Integer.getInteger("services", 1000);
        int destinations = Integer.getInteger("destinations", 10);
        int rounds = Integer.getInteger("rounds", 7);
        RequiresRootCondition.missingPrerequisite().ifPresent(reason -> {
            System.err.println("NftPlaneBenchmark " + reason);
            System.exit(2);
        });
        List<ServiceSpec> specs = specs(services, destinations);

        List<Double> fromEmpty = new ArrayList<>();
        List<Double> weightChange = new ArrayList<>();
        List<Double> noChange = new ArrayList<>();
        List<Double> nftFromEmpty = new ArrayList<>();
        List<Double> nftChange = new ArrayList<>();
        try (NetLab lab = NetLab.create()) {
            Netns ns = lab.namespace("bench");
            try (NftForwardingPlane plane = new NftForwardingPlane(ns.name())) {
                plane.apply(specs); // warm-up: class loading, JIT, libnftables' caches
                plane.clear();
                for (int r = 0; r < rounds; r++) {
                    plane.clear();
                    long t0 = System.nanoTime();
                    plane.apply(specs);
                    fromEmpty.add(millis(t0));
                }
                List<ServiceSpec> current = new ArrayList<>(specs);
                for (int r = 0; r < rounds * 3; r++) {
                    // A different service each time, its third destination toggled between weights 1 and 5.
                    int s = (r * 331) % services;
                    ServiceSpec old = current.get(s);
                    List<Destination> ds = new ArrayList<>(old.destinations());
                    Destination d = ds.get(2 % ds.size());
                    ds.set(2 % ds.size(), d.withWeight(d.weight() == 1 ? 5 : 1));
                    current.set(
                            s,
                            new ServiceSpec(
                                    old.key(),
                                    old.scheduler(),
                                    old.schedulerFlags(),
                                    old.persistenceTimeout(),
                                    old.persistenceNetmask(),
                                    ds));
                    long t0 = System.nanoTime();
                    plane.apply(current);
                    weightChange.add(millis(t0));

                    t0 = System.nanoTime();
                    plane.apply(current);
                    noChange.add(millis(t0));
                }
                // The anchor, same run: the nft command loading the same table as text into a
                // fresh namespace, and one service chain rewritten by a text batch.
                String table = ns.execOrThrow("nft", "list", "table", "inet", "keepalivedj")
                        .stdout();
                int s = services / 2;
                String chain = ns.execOrThrow("nft", "list", "chain", "inet", "keepalivedj", "vs" + (s + 1))
                        .stdout();
                StringBuilder change = new StringBuilder("flush chain inet keepalivedj vs" + (s + 1) + "\n");
                for (String line : chain.split("\n")) {
                    String rule = line.strip();
                    if (!rule.isEmpty()
                            && !rule.startsWith("table")
                            && !rule.startsWith("chain")
                            && !rule.equals("}")) {
                        change.append("add rule inet keepalivedj vs")
                                .append(s + 1)
                                .append(' ')
                                .append(rule)
                                .append('\n');
                    }
                }
                Path tableFile = Files.createTempFile("kj-nft-table", ".nft");
                Path changeFile = Files.createTempFile("kj-nft-change", ".nft");
                try {
                    Files.writeString(tableFile, table);
                    Files.writeString(changeFile, change);
                    Netns other = lab.namespace("anchor");
                    for (int r = 0; r < rounds; r++) {
                        other.exec("nft", "delete", "table", "inet", "keepalivedj");
                        long t0 = System.nanoTime();
                        other.execOrThrow("nft", "-f", tableFile.toString());
                        nftFromEmpty.add(millis(t0));
                    }
                    for (int r = 0; r < rounds * 3; r++) {
                        long t0 = System.nanoTime();
                        other.execOrThrow("nft", "-f", changeFile.toString());
                        nftChange.add(millis(t0));
                    }
                } finally {
                    Files.deleteIfExists(tableFile);
                    Files.deleteIfExists(changeFile);
                }
                plane.clear();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "nftables plane, %d services x %d destinations (%d), kernel %s%n",
                services,
                destinations,
                services * destinations,
                System.getProperty("os.version"));
        System.out.printf(
                Locale.ROOT, "%-44s %6s %10s %10s %10s%n", "measurement", "runs", "median ms", "min ms", "max ms");
        row("apply from empty (one transaction)", fromEmpty);
        row("one weight change (diff + one chain)", weightChange);
        row("apply with nothing changed (diff only)", noChange);
        row("anchor: nft -f of the same table (text)", nftFromEmpty);
        row("anchor: nft -f rewriting one service chain", nftChange);
        System.out.printf(
                Locale.ROOT,
                "ratio keepalived-j / nft: from empty %.2f, weight change %.2f%n",
                median(fromEmpty) / median(nftFromEmpty),
                median(weightChange) / median(nftChange));
    }

    private static List<ServiceSpec> specs(int services, int destinations) throws Exception {
        List<ServiceSpec> specs = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            InetAddress vip = InetAddress.getByName("10.100." + (s / 250) + "." + (s % 250 + 1));
            List<Destination> ds = new ArrayList<>();
            for (int d = 0; d < destinations; d++) {
                int n = s * destinations + d;
                InetAddress real = InetAddress.getByName("10.200." + (n / 250) % 250 + "." + (n % 250 + 1));
                ds.add(new Destination(real, 8080, 1 + d % 3, ForwardingMethod.NAT, 0, 0));
            }
            specs.add(new ServiceSpec(ServiceKey.of(vip, 80, Protocol.TCP), "wrr", List.of(), null, null, ds));
        }
        return specs;
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void row(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        System.out.printf(
                Locale.ROOT,
                "%-44s %6d %10.2f %10.2f %10.2f%n",
                what,
                sorted.size(),
                median,
                sorted.get(0),
                sorted.get(sorted.size() - 1));
    }
}
