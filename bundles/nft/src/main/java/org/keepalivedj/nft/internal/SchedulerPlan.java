package org.keepalivedj.nft.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.keepalivedj.api.lvs.Destination;

/**
 * How one service picks a destination for a new connection, in nftables terms: a number from
 * {@code numgen} (rr, wrr, and weighted random for the schedulers nftables cannot do) or from
 * {@code jhash} of the client (sh, mh) or of the destination address (dh), mapped onto contiguous
 * ranges whose sizes are the weights (divided by their common divisor, so the map stays small).
 * Destinations with weight 0 get no range: no new connections.
 *
 * @param shares one per destination that takes new connections, in the service's order
 */
public record SchedulerPlan(Mode mode, HashInput hashInput, List<Share> shares) {

    public enum Mode {
        ROUND_ROBIN,
        RANDOM,
        HASH
    }

    public enum HashInput {
        NONE,
        SOURCE,
        SOURCE_AND_PORT,
        DESTINATION
    }

    /** Destination {@code index} (in the service's list) takes numbers {@code from..to}, inclusive. */
    public record Share(int index, long from, long to) {}

    /** Schedulers nftables has no equivalent for; they become weighted random, with a warning. */
    public static final Set<String> APPROXIMATED = Set.of("lc", "wlc", "lblc", "lblcr", "sed", "nq", "ovf", "twos");

    private static final Set<String> EXACT = Set.of("rr", "wrr", "sh", "mh", "dh", "fo");

    public static boolean known(String scheduler) {
        String s = scheduler.toLowerCase(Locale.ROOT);
        return EXACT.contains(s) || APPROXIMATED.contains(s);
    }

    /** Sum of all range sizes: the modulus for numgen/jhash. 0 when no destination takes new connections. */
    public long modulus() {
        return shares.isEmpty() ? 0 : shares.get(shares.size() - 1).to() + 1;
    }

    public static SchedulerPlan of(String scheduler, List<String> flags, List<Destination> destinations) {
        String s = scheduler.toLowerCase(Locale.ROOT);
        List<String> f = flags.stream().map(x -> x.toLowerCase(Locale.ROOT)).toList();
        return switch (s) {
            case "rr" -> new SchedulerPlan(Mode.ROUND_ROBIN, HashInput.NONE, ranges(destinations, true));
            case "wrr" -> new SchedulerPlan(Mode.ROUND_ROBIN, HashInput.NONE, ranges(destinations, false));
            case "sh" ->
                new SchedulerPlan(
                        Mode.HASH,
                        f.contains("sh-port") ? HashInput.SOURCE_AND_PORT : HashInput.SOURCE,
                        ranges(destinations, false));
            case "mh" ->
                new SchedulerPlan(
                        Mode.HASH,
                        f.contains("mh-port") ? HashInput.SOURCE_AND_PORT : HashInput.SOURCE,
                        ranges(destinations, false));
            case "dh" -> new SchedulerPlan(Mode.HASH, HashInput.DESTINATION, ranges(destinations, false));
            case "fo" -> new SchedulerPlan(Mode.ROUND_ROBIN, HashInput.NONE, highestWeight(destinations));
            default -> {
                if (!APPROXIMATED.contains(s)) {
                    throw new IllegalArgumentException("unknown scheduler " + scheduler);
                }
                yield new SchedulerPlan(Mode.RANDOM, HashInput.NONE, ranges(destinations, false));
            }
        };
    }

    private static List<Share> ranges(List<Destination> destinations, boolean equal) {
        long divisor = 0;
        for (Destination d : destinations) {
            if (d.weight() > 0) {
                divisor = BigInteger.valueOf(divisor)
                        .gcd(BigInteger.valueOf(equal ? 1 : d.weight()))
                        .longValueExact();
            }
        }
        List<Share> shares = new ArrayList<>();
        long next = 0;
        for (int i = 0; i < destinations.size(); i++) {
            int weight = destinations.get(i).weight();
            if (weight > 0) {
                long size = (equal ? 1 : weight) / divisor;
                shares.add(new Share(i, next, next + size - 1));
                next += size;
            }
        }
        return shares;
    }

    /** fo: every new connection to the first destination with the highest weight. */
    private static List<Share> highestWeight(List<Destination> destinations) {
        int best = -1;
        for (int i = 0; i < destinations.size(); i++) {
            int weight = destinations.get(i).weight();
            if (weight > 0 && (best < 0 || weight > destinations.get(best).weight())) {
                best = i;
            }
        }
        return best < 0 ? List.of() : List.of(new Share(best, 0, 0));
    }
}
