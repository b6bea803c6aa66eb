/**
 * The nftables forwarding plane, for kernels (and containers) without IPVS.
 *
 * <p>{@link org.keepalivedj.nft.NftForwardingPlane} keeps every virtual service in one table of
 * ours, {@code inet keepalivedj}, and never touches another table. Each {@code apply} is one
 * libnftables JSON batch, so one atomic nf_tables transaction; a weight change rewrites only that
 * service's chain. What it does and does not do:
 * <ul>
 *   <li>Forwarding is NAT only: DNAT in the prerouting hook (clients elsewhere) and the output hook
 *       (clients on this host). DR and TUN need IPVS and are refused with a message naming the
 *       service and real server.</li>
 *   <li>No source NAT. As with LVS-NAT, real servers must send their replies back through this host
 *       (normally: it is their default gateway), and IP forwarding must be on. Conntrack undoes the
 *       DNAT on the replies.</li>
 *   <li>Schedulers: rr and wrr by {@code numgen inc}; sh (sh-port), mh (mh-port) by {@code jhash} of
 *       the client's address (and port); dh by jhash of the destination; fo to the highest weight;
 *       the rest (lc, wlc, lblc, lblcr, sed, nq, ovf, twos) by weighted {@code numgen random}, with a
 *       warning, since nftables cannot count a server's connections. Weight 0: no new connections;
 *       established ones keep flowing because NAT rules only see a connection's first packet.</li>
 *   <li>Persistence: a timed set per real server (timeout = persistence_timeout, refreshed on each
 *       new connection, masked by the persistence granularity). A drained server's persistent
 *       clients are scheduled anew.</li>
 *   <li>Statistics: connections per real server, from named counters. Packets, bytes and rates are
 *       not counted (0). Connection thresholds are not enforced (a warning says so).</li>
 * </ul>
 *
 * <p>The bundle also holds the data plane choice ({@code PlaneChooserComponent}): it publishes the
 * chosen {@code ForwardingPlane} with the service property {@code chosen=true}. And it writes the
 * other nftables tables of the product, each whole, through {@link org.keepalivedj.nft.LibNftTables}
 * (the {@code NftTables} service; VRRP's no_accept table {@code inet keepalivedj_vrrp}).
 */
package org.keepalivedj.nft;
