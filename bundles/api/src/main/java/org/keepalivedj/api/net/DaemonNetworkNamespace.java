package org.keepalivedj.api.net;

/**
 * Where the daemon's network work runs: the named network namespace of the config's
 * {@code net_namespace}, or the namespace the daemon started in ({@link #name()} null). Core
 * registers it as a service once the first config is loaded (making a missing namespace first);
 * every component that opens kernel handles (netlink, raw VRRP sockets, the data plane, BFD, the
 * checks) references it and opens them there. The management endpoints do not: they stay where the
 * daemon started. It never changes while the daemon runs: a reload naming another namespace is refused.
 */
public record DaemonNetworkNamespace(String name) {
    /** The namespace the daemon started in. */
    public static final DaemonNetworkNamespace STARTING = new DaemonNetworkNamespace(null);

    public boolean isStarting() {
        return name == null;
    }

    /** For logs: the name, or "the starting namespace". */
    public String describe() {
        return name == null ? "the namespace keepalived-j started in" : "network namespace " + name;
    }
}
