package org.keepalivedj.api.model;

import java.net.InetAddress;

/** A unicast_peer line: {@code 192.0.2.2 [min_ttl N] [max_ttl N]}; ttl bounds are -1 when unset. */
public record UnicastPeer(Origin origin, InetAddress address, int minTtl, int maxTtl) {}
