package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import org.keepalivedj.lvs.internal.FakeChecks.Answer;

/**
 * Quorum with hysteresis against a model, for random pools and random up/down sequences: the state
 * flips only across quorum - hysteresis (down) and quorum + hysteresis (up), the scripts alternate,
 * and the sorry server is in the plane exactly while the quorum is lost. 100 tries by default;
 * {@code -Dquorum.tries=N} runs longer.
 */
class QuorumPropertyTest {

    public static class Tries implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setTries(Integer.getInteger("quorum.tries", 100));
            return property.execute();
        }
    }

    record Pool(List<Integer> weights, int quorum, int hysteresis, List<int[]> events) {}

    @Provide
    Arbitrary<Pool> pools() {
        return Arbitraries.integers()
                .between(1, 5)
                .list()
                .ofMinSize(2)
                .ofMaxSize(6)
                .flatMap(weights -> {
                    int total = weights.stream().mapToInt(Integer::intValue).sum();
                    return Arbitraries.integers()
                            .between(1, total)
                            .flatMap(quorum -> Combinators.combine(
                                            Arbitraries.integers().between(0, quorum - 1),
                                            Combinators.combine(
                                                            Arbitraries.integers()
                                                                    .between(0, weights.size() - 1),
                                                            Arbitraries.of(0, 1))
                                                    .as((server, up) -> new int[] {server, up})
                                                    .list()
                                                    .ofMinSize(1)
                                                    .ofMaxSize(25))
                                    .as((hysteresis, events) -> new Pool(weights, quorum, hysteresis, events)));
                });
    }

    @Property
    @AddLifecycleHook(Tries.class)
    void quorumFollowsTheModel(@ForAll("pools") Pool pool) {
        StringBuilder conf = new StringBuilder("virtual_server 192.0.2.1 80 {\nprotocol TCP\ndelay_loop 1\n")
                .append("quorum ")
                .append(pool.quorum())
                .append("\nhysteresis ")
                .append(pool.hysteresis())
                .append("\nquorum_up /bin/qup\nquorum_down /bin/qdown\nsorry_server 10.9.9.9 80\n");
        for (int i = 0; i < pool.weights().size(); i++) {
            conf.append("real_server 10.0.0.")
                    .append(i + 1)
                    .append(" 80 {\nweight ")
                    .append(pool.weights().get(i))
                    .append("\nTCP_CHECK {\nretry 0\n}\n}\n");
        }
        Rig rig = new Rig().load(conf.append("}\n").toString());
        var vs = rig.vs("192.0.2.1:80/tcp");
        boolean[] up = new boolean[pool.weights().size()];
        java.util.Arrays.fill(up, true);
        boolean quorum = true;
        List<String> scripts = new ArrayList<>();
        for (int[] e : pool.events()) {
            up[e[0]] = e[1] == 1;
            rig.checks.set("10.0.0." + (e[0] + 1) + ":80", up[e[0]] ? Answer.UP : Answer.DOWN);
            rig.clock.advanceSeconds(1);
            int alive = 0;
            for (int i = 0; i < up.length; i++) {
                alive += up[i] ? pool.weights().get(i) : 0;
            }
            if (quorum && alive < pool.quorum() - pool.hysteresis()) {
                quorum = false;
                scripts.add("/bin/qdown");
            } else if (!quorum && alive >= pool.quorum() + pool.hysteresis()) {
                quorum = true;
                scripts.add("/bin/qup");
            }
            assertEquals(alive, vs.aliveWeight());
            assertEquals(quorum, vs.quorumUp(), "alive " + alive);
            assertEquals(!quorum, rig.plane.weights().containsKey("10.9.9.9:80"), "sorry server in the plane");
            assertEquals(scripts, rig.notifier.scripts);
        }
    }
}
