package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.time.Duration;

/** bfd_instance NAME { ... }: an RFC 5880 session to a neighbour. source null: chosen by routing. */
public record BfdInstance(
        Origin origin,
        String name,
        InetAddress neighbor,
        InetAddress source,
        Duration minRx,
        Duration minTx,
        Duration idleTx,
        int multiplier,
        boolean passive,
        int ttl,
        int hoplimit,
        int maxHops,
        boolean multihop,
        int weight,
        boolean reverse,
        Settings settings) {

    /**
     * Whether track_bfd in VRRP follows this session: keepalived tells both sides unless the block
     * names only one ({@code vrrp} and/or {@code checker}).
     */
    public boolean feedsVrrp() {
        return Boolean.TRUE.equals(settings.flag("vrrp")) || !Boolean.TRUE.equals(settings.flag("checker"));
    }

    /** Whether BFD_CHECK follows this session (see {@link #feedsVrrp()}). */
    public boolean feedsCheckers() {
        return Boolean.TRUE.equals(settings.flag("checker")) || !Boolean.TRUE.equals(settings.flag("vrrp"));
    }
}
