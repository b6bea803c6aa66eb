package org.keepalivedj.itests.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * The VRRP engine of bundles/vrrp running in-process inside one namespace, with real sockets and
 * netlink there: cheaper than a whole distribution when the fault is in the network, not the
 * process. Every transition is recorded with its time.
 */
final class EngineNode implements AutoCloseable {

    /** One transition as the engine's listener saw it. */
    record Transition(long nanos, String instance, InstanceState to) {}

    final String name;
    final Netns ns;
    private final Path dir;
    private final NetlinkAddressManager addresses;
    private final VrrpEngine engine;
    private final List<Transition> transitions = new CopyOnWriteArrayList<>();

    private EngineNode(String name, Netns ns, Path dir) throws Exception {
        this.name = name;
        this.ns = ns;
        this.dir = dir;
        Files.createDirectories(dir);
        // made on the namespace's thread: the engine's sockets and threads start out in it
        this.addresses = ns.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        this.engine = ns.call(() -> VrrpEngine.builder(addresses).start());
        engine.addListener((v, from, to) -> transitions.add(new Transition(System.nanoTime(), v.name(), to)));
    }

    static EngineNode start(String name, Netns ns, Path dir) throws Exception {
        return new EngineNode(name, ns, dir);
    }

    /** Applies a config text; returns how long apply took, in nanoseconds. */
    long apply(String text) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(text, name + ".conf", dir)
                .config();
        long t0 = System.nanoTime();
        ns.run(() -> engine.apply(config));
        return System.nanoTime() - t0;
    }

    VrrpInstanceView instance(String name) {
        return engine.instance(name).orElseThrow();
    }

    InstanceState state() {
        return engine.instance("VI_1").map(VrrpInstanceView::state).orElse(InstanceState.INIT);
    }

    List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    /** The first transition of VI_1 to this state after the instant, or null. */
    Transition firstSince(long nanos, InstanceState to) {
        return transitions.stream()
                .filter(t -> t.nanos() > nanos && t.to() == to)
                .findFirst()
                .orElse(null);
    }

    VrrpEngine engine() {
        return engine;
    }

    NetlinkAddressManager addresses() {
        return addresses;
    }

    /** How many times this address is on the interface. */
    int addressCount(String ifname, String address) {
        return (int) ns.exec("ip", "-o", "addr", "show", "dev", ifname)
                .stdout()
                .lines()
                .filter(l -> l.contains(" " + address + "/"))
                .count();
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            addresses.close();
        }
    }
}
