package org.keepalivedj.api.model;

import java.time.Duration;
import java.util.List;

/** garp_group { ... }: gratuitous ARP / NA pacing for a set of interfaces. Null durations: not set. */
public record GarpGroup(Origin origin, Duration garpInterval, Duration gnaInterval, List<String> interfaces) {
    public GarpGroup {
        interfaces = List.copyOf(interfaces);
    }
}
