package org.keepalivedj.staticnet.internal;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.keepalivedj.api.daemon.ApplyException;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.net.AddressManager;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.netlink.IfAddress;
import org.keepalivedj.netlink.Link;
import org.keepalivedj.netlink.NetlinkListener;
import org.keepalivedj.netlink.NetlinkMonitor;
import org.keepalivedj.netlink.NetworkNamespace;
import org.keepalivedj.netlink.RtNetlink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static network config as a daemon subsystem: first to start, last to stop. It watches the
 * kernel's link and address events and puts back what someone removed, as keepalived does.
 */
@Component(service = Subsystem.class)
public class StaticNetworkSubsystem implements Subsystem {
    private static final Logger LOG = LoggerFactory.getLogger(StaticNetworkSubsystem.class);

    @Reference
    private AddressManager addresses;

    /** The daemon's network namespace: rtnetlink and the event monitor are opened there. */
    @Reference
    private DaemonNetworkNamespace namespace;

    private RtNetlink rtnl;
    private NetlinkMonitor monitor;
    private StaticNetwork network;
    // Kernel calls happen here, not on the monitor's thread, so events keep flowing meanwhile.
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "keepalived-static"));

    @Activate
    void activate() throws Exception {
        start(
                addresses,
                NetworkNamespace.call(namespace.name(), RtNetlink::open),
                NetlinkMonitor.open(namespace.name()));
    }

    /** Runs over these kernel handles (the container's, or a test namespace's); closes them at deactivate. */
    public void start(AddressManager addressManager, RtNetlink rtNetlink, NetlinkMonitor events) {
        rtnl = rtNetlink;
        network = new StaticNetwork(addressManager, rtnl);
        monitor = events;
        monitor.addListener(new NetlinkListener() {
            @Override
            public void addressChanged(IfAddress address, boolean removed) {
                if (removed) {
                    worker.execute(network::reassert);
                }
            }

            @Override
            public void linkChanged(Link link, boolean removed) {
                if (!removed) {
                    worker.execute(network::reassert);
                }
            }

            @Override
            public void eventsLost() {
                worker.execute(network::reassert);
            }
        });
    }

    @Deactivate
    public void deactivate() {
        monitor.close();
        worker.shutdownNow();
        rtnl.close();
    }

    @Override
    public String name() {
        return "static";
    }

    @Override
    public Kind kind() {
        return Kind.STATIC;
    }

    @Override
    public int order() {
        return ORDER_STATIC;
    }

    @Override
    public org.keepalivedj.api.daemon.ReloadPlan plan(KeepalivedConfig config) {
        return network.plan(config);
    }

    @Override
    public void apply(KeepalivedConfig config) {
        List<String> notApplied = network.apply(config);
        LOG.info("Static network config: {} addresses, routes and rules held", network.size());
        if (!notApplied.isEmpty()) {
            throw new ApplyException(notApplied);
        }
    }

    @Override
    public void stop() {
        network.removeAll();
    }

    boolean isOurs(ManagedAddress address) {
        return network.isOurs(address);
    }
}
