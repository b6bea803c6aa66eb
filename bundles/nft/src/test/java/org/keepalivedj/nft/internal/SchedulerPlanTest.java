package org.keepalivedj.nft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.model.ForwardingMethod;

class SchedulerPlanTest {

    @Property(tries = 300)
    void rangesAreContiguousAndProportionalToTheWeights(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 1000) Integer> weights) throws Exception {
        SchedulerPlan plan = SchedulerPlan.of("wrr", List.of(), destinations(weights));
        long next = 0;
        long positive = weights.stream().filter(w -> w > 0).count();
        assertEquals(positive, plan.shares().size());
        for (SchedulerPlan.Share share : plan.shares()) {
            assertEquals(next, share.from(), "contiguous");
            next = share.to() + 1;
        }
        assertEquals(next, plan.modulus());
        if (!plan.shares().isEmpty()) {
            // size_i / weight_i is the same for every destination: the spread is the weights'.
            SchedulerPlan.Share first = plan.shares().get(0);
            long firstSize = first.to() - first.from() + 1;
            for (SchedulerPlan.Share share : plan.shares()) {
                long size = share.to() - share.from() + 1;
                assertEquals(size * weights.get(first.index()), firstSize * weights.get(share.index()));
            }
        }
    }

    @Test
    void weightsAreReducedByTheirCommonDivisor() throws Exception {
        SchedulerPlan plan = SchedulerPlan.of("wrr", List.of(), destinations(List.of(100, 0, 200, 300)));
        assertEquals(6, plan.modulus());
        assertEquals(
                List.of(
                        new SchedulerPlan.Share(0, 0, 0),
                        new SchedulerPlan.Share(2, 1, 2),
                        new SchedulerPlan.Share(3, 3, 5)),
                plan.shares());
    }

    @Test
    void rrIgnoresWeightsButNotZero() throws Exception {
        SchedulerPlan plan = SchedulerPlan.of("rr", List.of(), destinations(List.of(5, 0, 9)));
        assertEquals(2, plan.modulus());
        assertEquals(SchedulerPlan.Mode.ROUND_ROBIN, plan.mode());
    }

    @Test
    void hashSchedulersHashTheirInput() throws Exception {
        List<Destination> d = destinations(List.of(1, 1));
        assertEquals(
                SchedulerPlan.HashInput.SOURCE,
                SchedulerPlan.of("sh", List.of(), d).hashInput());
        assertEquals(
                SchedulerPlan.HashInput.SOURCE_AND_PORT,
                SchedulerPlan.of("sh", List.of("sh-port"), d).hashInput());
        assertEquals(
                SchedulerPlan.HashInput.SOURCE_AND_PORT,
                SchedulerPlan.of("mh", List.of("mh-port"), d).hashInput());
        assertEquals(
                SchedulerPlan.HashInput.DESTINATION,
                SchedulerPlan.of("dh", List.of(), d).hashInput());
    }

    @Test
    void failoverSendsEverythingToTheHighestWeight() throws Exception {
        SchedulerPlan plan = SchedulerPlan.of("fo", List.of(), destinations(List.of(3, 7, 7, 0)));
        assertEquals(List.of(new SchedulerPlan.Share(1, 0, 0)), plan.shares());
    }

    @Test
    void approximatedSchedulersAreWeightedRandom() throws Exception {
        assertEquals(
                SchedulerPlan.Mode.RANDOM,
                SchedulerPlan.of("wlc", List.of(), destinations(List.of(1, 2))).mode());
        assertThrows(IllegalArgumentException.class, () -> SchedulerPlan.of("nope", List.of(), List.of()));
    }

    private static List<Destination> destinations(List<Integer> weights) throws Exception {
        List<Destination> list = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            list.add(new Destination(
                    InetAddress.getByName("10.0.0." + (i + 1)), 80, weights.get(i), ForwardingMethod.NAT, 0, 0));
        }
        return list;
    }
}
