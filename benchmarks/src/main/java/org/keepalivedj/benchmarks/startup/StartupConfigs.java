package org.keepalivedj.benchmarks.startup;

/**
 * The configs the start-up benchmark runs: one VRRP instance, or many instances spread over
 * several interfaces (a VRID is unique per interface, so at most 255 per interface) plus virtual
 * servers whose real servers are checked with TCP_CHECK.
 */
final class StartupConfigs {
    /** VRRP instances per interface in the scaled config. */
    static final int PER_INTERFACE = 250;
    /** Real servers per virtual server in the scaled config. */
    static final int PER_VIRTUAL_SERVER = 10;

    private StartupConfigs() {}

    /** Interfaces the config needs: eth0, eth1, ... */
    static int interfaces(int instances) {
        return Math.max(1, (instances + PER_INTERFACE - 1) / PER_INTERFACE);
    }

    /** The address the node has on interface k (a /24 of its own per interface). */
    static String nodeAddress(int k) {
        return "10.200." + k + ".1/24";
    }

    /**
     * A config of {@code instances} BACKUP instances and {@code realServers} real servers (in
     * virtual servers of ten) under TCP_CHECK. Real servers are 10.20.X.Y:80, which the benchmark
     * makes local to the node's namespace with one route, so every check connects.
     */
    static String config(int instances, int realServers) {
        StringBuilder c = new StringBuilder("global_defs {\n    router_id startup_bench\n}\n");
        for (int i = 0; i < instances; i++) {
            int k = i / PER_INTERFACE;
            int vrid = i % PER_INTERFACE + 1;
            c.append("vrrp_instance VI_")
                    .append(i + 1)
                    .append(" {\n")
                    .append("    state BACKUP\n")
                    .append("    interface eth")
                    .append(k)
                    .append('\n')
                    .append("    virtual_router_id ")
                    .append(vrid)
                    .append('\n')
                    .append("    priority 100\n")
                    .append("    advert_int 1\n")
                    .append("    virtual_ipaddress {\n")
                    .append("        10.100.")
                    .append(k)
                    .append('.')
                    .append(vrid)
                    .append("/32\n")
                    .append("    }\n}\n");
        }
        int virtualServers = (realServers + PER_VIRTUAL_SERVER - 1) / PER_VIRTUAL_SERVER;
        for (int v = 0; v < virtualServers; v++) {
            c.append("virtual_server 10.10.")
                    .append(v / 250)
                    .append('.')
                    .append(v % 250 + 1)
                    .append(" 80 {\n")
                    .append("    delay_loop 6\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n");
            for (int r = 0; r < PER_VIRTUAL_SERVER && v * PER_VIRTUAL_SERVER + r < realServers; r++) {
                int n = v * PER_VIRTUAL_SERVER + r;
                c.append("    real_server 10.20.")
                        .append(n / 250)
                        .append('.')
                        .append(n % 250 + 1)
                        .append(
                                " 80 {\n        weight 1\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n");
            }
            c.append("}\n");
        }
        return c.toString();
    }
}
