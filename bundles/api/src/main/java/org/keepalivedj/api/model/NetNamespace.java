package org.keepalivedj.api.model;

/**
 * The root keyword {@code net_namespace NAME}: the network namespace (a file under /run/netns) the
 * daemon's network work runs in. Fixed for the daemon's life, as in keepalived: a reload that
 * names another namespace is refused.
 */
public record NetNamespace(Origin origin, String name) {
    public NetNamespace {
        java.util.Objects.requireNonNull(name, "name");
    }

    /** The namespace of a config: its name, or null for the namespace the daemon started in. */
    public static String nameOf(KeepalivedConfig config) {
        return config == null || config.netNamespace() == null
                ? null
                : config.netNamespace().name();
    }
}
