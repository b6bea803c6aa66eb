package org.keepalivedj.api.lvs;

import java.util.List;
import java.util.Optional;

/** A running virtual server (one config block; a group expands into several kernel services). */
public interface VirtualServerView {

    /** As in the config and JMX: {@code 192.0.2.1:80/tcp}, {@code fwmark 1/tcp}, {@code group WEB/tcp}. */
    String key();

    /** The kernel services it stands for. */
    List<ServiceKey> services();

    int quorum();

    int hysteresis();

    /** Sum of the weights of the real servers that are up. */
    int aliveWeight();

    boolean quorumUp();

    /** True while the sorry server takes the traffic. */
    boolean sorryServerActive();

    /** True while ha_suspend holds its checks (its VRRP instance is not MASTER). */
    boolean suspended();

    List<RealServerView> realServers();

    default Optional<RealServerView> realServer(String key) {
        return realServers().stream().filter(r -> r.key().equals(key)).findFirst();
    }
}
