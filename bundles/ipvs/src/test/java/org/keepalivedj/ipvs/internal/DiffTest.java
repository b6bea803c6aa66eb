package org.keepalivedj.ipvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.model.Protocol;

/** The diff issues only what differs, never touches services that are not ours, and always reaches the wanted state. */
class DiffTest {

    static ServiceKey key(int port) {
        return ServiceKey.of(address("192.0.2.1"), port, Protocol.TCP);
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static KernelDestination dest(int n, int weight) {
        return new KernelDestination(address("10.0.0." + n), 80, Ipvs.FWD_MASQ, weight, 0, 0, 0, 0, 0);
    }

    static ServiceState state(int port, String scheduler, KernelDestination... dests) {
        Map<KernelDestination.Endpoint, KernelDestination> m = new LinkedHashMap<>();
        for (KernelDestination d : dests) {
            m.put(d.endpoint(), d);
        }
        return new ServiceState(new KernelService(key(port), scheduler, 0, 0, -1, null), m);
    }

    @Test
    void oneWeightChangeIsOneCall() {
        Map<ServiceKey, ServiceState> kernel = Map.of(key(80), state(80, "wrr", dest(1, 1), dest(2, 1)));
        Map<ServiceKey, ServiceState> wanted = Map.of(key(80), state(80, "wrr", dest(1, 1), dest(2, 0)));
        assertEquals(
                List.of(new Change.ChangeDestination(key(80), dest(2, 0))),
                Diff.between(kernel, wanted, Set.of(key(80))));
    }

    @Test
    void nothingDiffersNothingIsSent() {
        Map<ServiceKey, ServiceState> kernel = Map.of(key(80), state(80, "rr", dest(1, 1)));
        assertEquals(List.of(), Diff.between(kernel, Map.of(key(80), state(80, "rr", dest(1, 1))), Set.of(key(80))));
    }

    @Test
    void servicesOfOthersStayAndOursGo() {
        Map<ServiceKey, ServiceState> kernel = Map.of(key(80), state(80, "rr"), key(81), state(81, "rr"));
        assertEquals(List.of(new Change.DeleteService(key(81))), Diff.between(kernel, Map.of(), Set.of(key(81))));
    }

    @Test
    void schedulerChangeKeepsDestinations() {
        Map<ServiceKey, ServiceState> kernel = Map.of(key(80), state(80, "rr", dest(1, 1)));
        Map<ServiceKey, ServiceState> wanted = Map.of(key(80), state(80, "wlc", dest(1, 1)));
        assertEquals(
                List.of(new Change.ChangeService(key(80), wanted.get(key(80)).service())),
                Diff.between(kernel, wanted, Set.of()));
    }

    /** Applying the changes to a model of the kernel gives exactly the wanted services, plus others' untouched. */
    @Property(tries = 300)
    void changesReachTheWantedState(
            @ForAll("states") Map<ServiceKey, ServiceState> kernel,
            @ForAll("states") Map<ServiceKey, ServiceState> wanted) {
        Set<ServiceKey> ours = new LinkedHashSet<>();
        kernel.keySet().stream().filter(k -> k.port() % 2 == 0).forEach(ours::add); // the even ports are ours
        Map<ServiceKey, ServiceState> model = copy(kernel);
        List<Change> changes = Diff.between(kernel, wanted, ours);
        for (Change c : changes) {
            apply(model, c);
        }
        Map<ServiceKey, ServiceState> expected = copy(wanted);
        kernel.forEach((k, v) -> {
            if (!ours.contains(k) && !wanted.containsKey(k)) {
                expected.put(k, v);
            }
        });
        assertEquals(expected, model);
        assertEquals(List.of(), Diff.between(model, wanted, ours), "a second diff finds nothing");
    }

    private static Map<ServiceKey, ServiceState> copy(Map<ServiceKey, ServiceState> m) {
        Map<ServiceKey, ServiceState> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, new ServiceState(v.service(), v.destinations())));
        return out;
    }

    private static void apply(Map<ServiceKey, ServiceState> model, Change c) {
        if (c instanceof Change.AddService a) {
            if (model.containsKey(a.key())) {
                throw new AssertionError("EEXIST: " + a);
            }
            model.put(a.key(), new ServiceState(a.service(), Map.of()));
        } else if (c instanceof Change.ChangeService s) {
            ServiceState old = model.get(s.key());
            model.put(s.key(), new ServiceState(s.service(), old.destinations()));
        } else if (c instanceof Change.DeleteService d) {
            model.remove(d.key());
        } else if (c instanceof Change.AddDestination a) {
            if (model.get(a.key()).destinations().put(a.destination().endpoint(), a.destination()) != null) {
                throw new AssertionError("EEXIST: " + a);
            }
        } else if (c instanceof Change.ChangeDestination s) {
            model.get(s.key()).destinations().put(s.destination().endpoint(), s.destination());
        } else if (c instanceof Change.DeleteDestination d) {
            if (model.get(d.key()).destinations().remove(d.endpoint()) == null) {
                throw new AssertionError("ENOENT: " + d);
            }
        }
    }

    @Provide
    Arbitrary<Map<ServiceKey, ServiceState>> states() {
        Arbitrary<ServiceState> service = Combinators.combine(
                        Arbitraries.integers().between(80, 85),
                        Arbitraries.of("rr", "wrr", "sh"),
                        Arbitraries.maps(
                                        Arbitraries.integers().between(1, 5),
                                        Arbitraries.integers().between(0, 3))
                                .ofMaxSize(5))
                .as((port, scheduler, weights) -> state(
                        port,
                        scheduler,
                        weights.entrySet().stream()
                                .map(e -> dest(e.getKey(), e.getValue()))
                                .toArray(KernelDestination[]::new)));
        return service.list().ofMaxSize(5).map(list -> {
            Map<ServiceKey, ServiceState> m = new LinkedHashMap<>();
            list.forEach(s -> m.put(s.service().key(), s));
            return m;
        });
    }
}
