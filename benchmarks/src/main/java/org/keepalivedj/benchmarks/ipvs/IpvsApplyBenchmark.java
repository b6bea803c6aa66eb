package org.keepalivedj.benchmarks.ipvs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
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
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.ipvs.IpvsForwardingPlane;
import org.keepalivedj.ipvs.IpvsPlanes;

/**
 * IPVS programming time: 1,000 services x 10 destinations applied from empty, and one weight
 * change, by our plane and by {@code ipvsadm -R} / {@code ipvsadm -e} in the same run, in a real
 * IPVS kernel. Run it inside user-mode-linux with {@code benchmarks/ipvs-in-uml.sh}; it wipes the
 * IPVS table of the namespace it runs in.
 *
 * <p>Args: [services (1000)] [destinations per service (10)] [rounds (5)].
 */
public final class IpvsApplyBenchmark {

    private IpvsApplyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int perService = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<ServiceSpec> specs = specs(services, perService, 1);
        List<ServiceSpec> changed = new ArrayList<>(specs);
        ServiceSpec first = specs.get(0);
        List<Destination> d = new ArrayList<>(first.destinations());
        d.set(0, d.get(0).withWeight(2));
        changed.set(0, new ServiceSpec(first.key(), first.scheduler(), first.schedulerFlags(), null, null, d));
        Path rules = Files.createTempFile("ipvs-rules", ".txt");
        Files.writeString(rules, ipvsadmRules(specs), StandardCharsets.US_ASCII);
        String vip =
                IpAddresses.format(first.key().address()) + ":" + first.key().port();
        String rip = IpAddresses.format(d.get(0).address()) + ":" + d.get(0).port();

        List<Long> oursFull = new ArrayList<>();
        List<Long> oursWeight = new ArrayList<>();
        List<Long> oursWeightReadBack = new ArrayList<>();
        List<Long> theirsFull = new ArrayList<>();
        List<Long> theirsWeight = new ArrayList<>();
        try (IpvsForwardingPlane plane = IpvsPlanes.open()) {
            if (!plane.available()) {
                System.err.println(
                        "no IPVS in this kernel: run this inside user-mode-linux (benchmarks/ipvs-in-uml.sh)");
                System.exit(2);
            }
            for (int round = 0; round <= rounds; round++) { // round 0 warms up and is not counted
                boolean counted = round > 0;
                run("ipvsadm", "-C");
                plane.reconcile();
                long full = time(() -> apply(plane, specs));
                check(plane.lastChangeCount() == services * (1 + perService), "full apply call count");
                String ourListing = run("ipvsadm", "-Ln");
                long weight = time(() -> apply(plane, changed));
                check(plane.lastChangeCount() == 1, "a weight change is one call");
                apply(plane, specs);
                plane.reconcile();
                long weightReadBack = time(() -> apply(plane, changed));
                check(plane.lastChangeCount() == 1, "a weight change after read-back is one call");

                run("ipvsadm", "-C");
                long restore = time(() -> runWithInput(rules, "ipvsadm", "-R"));
                check(
                        run("ipvsadm", "-Ln").equals(ourListing) || sameLines(run("ipvsadm", "-Ln"), ourListing),
                        "ipvsadm -R and our plane program the same rules");
                long edit = time(() -> runQuiet("ipvsadm", "-e", "-t", vip, "-r", rip, "-m", "-w", "2"));
                if (counted) {
                    oursFull.add(full);
                    oursWeight.add(weight);
                    oursWeightReadBack.add(weightReadBack);
                    theirsFull.add(restore);
                    theirsWeight.add(edit);
                }
            }
            run("ipvsadm", "-C");
        }
        Files.deleteIfExists(rules);

        System.out.printf(
                Locale.ROOT,
                "IPVS programming, %d services x %d destinations, %d rounds (median [min-max], ms)%n",
                services,
                perService,
                rounds);
        System.out.printf(
                Locale.ROOT, "%-44s %-26s %-26s %s%n", "what", "keepalived-j", "ipvsadm", "ratio (ours/theirs)");
        row("apply from empty (" + services * (1 + perService) + " calls)", oursFull, theirsFull);
        row("one weight change", oursWeight, theirsWeight);
        row("one weight change after a full read-back", oursWeightReadBack, theirsWeight);
        System.out.println("ipvsadm figures include its process start (fork+exec), as an operator's script would pay;"
                + " ours are calls on an open plane.");
    }

    static List<ServiceSpec> specs(int services, int perService, int weight) throws UnknownHostException {
        List<ServiceSpec> out = new ArrayList<>(services);
        for (int s = 0; s < services; s++) {
            InetAddress vip = InetAddress.getByAddress(new byte[] {10, 10, (byte) (s >> 8), (byte) s});
            List<Destination> dests = new ArrayList<>(perService);
            for (int r = 0; r < perService; r++) {
                int n = s * perService + r;
                InetAddress rip = InetAddress.getByAddress(new byte[] {10, 20, (byte) (n >> 8), (byte) n});
                dests.add(new Destination(rip, 80, weight, ForwardingMethod.NAT, 0, 0));
            }
            out.add(new ServiceSpec(ServiceKey.of(vip, 80, Protocol.TCP), "wrr", List.of(), null, null, dests));
        }
        return out;
    }

    static String ipvsadmRules(List<ServiceSpec> specs) {
        StringBuilder b = new StringBuilder();
        for (ServiceSpec s : specs) {
            String vip = IpAddresses.format(s.key().address()) + ":" + s.key().port();
            b.append("-A -t ").append(vip).append(" -s ").append(s.scheduler()).append('\n');
            for (Destination d : s.destinations()) {
                b.append("-a -t ")
                        .append(vip)
                        .append(" -r ")
                        .append(IpAddresses.format(d.address()))
                        .append(':')
                        .append(d.port())
                        .append(" -m -w ")
                        .append(d.weight())
                        .append('\n');
            }
        }
        return b.toString();
    }

    private interface Task {
        void run() throws Exception;
    }

    private static long time(Task task) throws Exception {
        long start = System.nanoTime();
        task.run();
        return System.nanoTime() - start;
    }

    private static void apply(IpvsForwardingPlane plane, List<ServiceSpec> specs) throws Exception {
        plane.apply(specs);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark self-check failed: " + what);
        }
    }

    private static boolean sameLines(String a, String b) {
        List<String> x = new ArrayList<>(List.of(a.split("\n")));
        List<String> y = new ArrayList<>(List.of(b.split("\n")));
        Collections.sort(x);
        Collections.sort(y);
        return x.equals(y);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static void runQuiet(String... command) throws IOException, InterruptedException {
        run(command);
    }

    private static void runWithInput(Path input, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectInput(input.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void row(String what, List<Long> ours, List<Long> theirs) {
        System.out.printf(
                Locale.ROOT,
                "%-44s %-26s %-26s %.2f%n",
                what,
                summary(ours),
                summary(theirs),
                (double) median(ours) / median(theirs));
    }

    private static String summary(List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return String.format(
                Locale.ROOT, "%.2f [%.2f-%.2f]", median(s) / 1e6, s.get(0) / 1e6, s.get(s.size() - 1) / 1e6);
    }

    private static long median(List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
