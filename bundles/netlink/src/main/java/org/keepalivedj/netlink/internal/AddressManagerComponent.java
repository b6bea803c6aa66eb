package org.keepalivedj.netlink.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.net.AddressManager;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AddressManager} service of the container, for the daemon's network namespace (the
 * config's net_namespace, else the one the container runs in). Its state file lives in {@code data.dir} (configuration PID org.keepalivedj.netlink),
 * by default {@code ${karaf.data}/keepalived}. On activation it removes what a crashed run left;
 * on deactivation it removes every address it added, as keepalived does when it stops.
 */
@Component(service = AddressManager.class, configurationPid = "org.keepalivedj.netlink")
public final class AddressManagerComponent implements AddressManager {

    private static final Logger LOG = LoggerFactory.getLogger(AddressManagerComponent.class);

    private NetlinkAddressManager delegate;

    @Reference
    DaemonNetworkNamespace namespace;

    @Activate
    void activate(Map<String, Object> properties) throws Exception {
        Object configured = properties.get("data.dir");
        Path dataDir = configured != null
                ? Path.of(configured.toString())
                : Path.of(System.getProperty("karaf.data", "data"), "keepalived");
        delegate = NetlinkAddressManager.open(namespace.name(), dataDir);
        int leftovers = delegate.removeLeftovers();
        if (leftovers > 0) {
            LOG.warn("removed {} address(es) left by a run that did not stop cleanly", leftovers);
        }
    }

    @Deactivate
    void deactivate() {
        try {
            delegate.removeAll();
        } finally {
            delegate.close();
        }
    }

    @Override
    public boolean add(ManagedAddress address) {
        return delegate.add(address);
    }

    @Override
    public boolean remove(ManagedAddress address) {
        return delegate.remove(address);
    }

    @Override
    public boolean isPresent(ManagedAddress address) {
        return delegate.isPresent(address);
    }

    @Override
    public Set<ManagedAddress> added() {
        return delegate.added();
    }

    @Override
    public int removeAll() {
        return delegate.removeAll();
    }

    @Override
    public int removeLeftovers() {
        return delegate.removeLeftovers();
    }

    @Override
    public void close() {
        // the component's life is managed by DS (deactivate)
    }
}
