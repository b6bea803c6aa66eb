package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.keepalivedj.api.model.UnicastPeer;
import org.keepalivedj.vrrp.ChecksumMode;
import org.keepalivedj.vrrp.DropReason;
import org.keepalivedj.vrrp.VrrpAdvert;
import org.keepalivedj.vrrp.VrrpCodec;

/**
 * RFC 5798 section 7.1 receive checks for one instance (after the structural decode): TTL,
 * version, checksum, unicast peer, v2 authentication and interval. Returns null when accepted.
 */
final class AdvertValidator {

    private final int version;
    private final int advertField;
    private final byte[] password;
    private final List<UnicastPeer> peers;
    private final ChecksumMode checksumMode;

    AdvertValidator(int version, int advertField, String password, List<UnicastPeer> peers, ChecksumMode checksumMode) {
        this.version = version;
        this.advertField = advertField;
        this.password = password == null ? null : Arrays.copyOf(
                password.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 8);
        this.peers = List.copyOf(peers);
        this.checksumMode = checksumMode;
    }

    DropReason check(byte[] payload, VrrpAdvert a, InetAddress source, InetAddress destination, int ttl,
                     boolean ipv6) {
        if (peers.isEmpty()) {
            if (ttl != 255) {
                return DropReason.TTL;
            }
        } else {
            UnicastPeer peer = peers.stream().filter(p -> p.address().equals(source)).findFirst().orElse(null);
            if (peer == null) {
                return DropReason.UNKNOWN_PEER;
            }
            if ((peer.minTtl() >= 0 && ttl < peer.minTtl()) || (peer.maxTtl() >= 0 && ttl > peer.maxTtl())) {
                return DropReason.TTL;
            }
        }
        if (a.version() != version) {
            return DropReason.VERSION;
        }
        // the kernel verifies IPv6 checksums (IPV6_CHECKSUM) and drops bad ones before we see them
        if (!ipv6) {
            ChecksumMode mode = checksumMode == ChecksumMode.OLD_UNICAST && peers.isEmpty()
                    ? ChecksumMode.STANDARD : checksumMode;
            if (!VrrpCodec.checksumValid(payload, source, destination, mode)) {
                return DropReason.CHECKSUM;
            }
        }
        if (version == 2) {
            int wanted = password == null ? VrrpAdvert.AUTH_NONE : VrrpAdvert.AUTH_PASS;
            if (a.authType() == VrrpAdvert.AUTH_AH || a.authType() > VrrpAdvert.AUTH_AH) {
                return DropReason.INVALID_AUTH_TYPE;
            }
            if (a.authType() != wanted) {
                return DropReason.AUTH_TYPE_MISMATCH;
            }
            if (password != null && !Arrays.equals(password, a.authData())) {
                return DropReason.AUTH_FAILURE;
            }
            if (a.interval() != advertField) {
                return DropReason.ADVERT_INTERVAL;
            }
        }
        return null;
    }

    /** True when the advert carries exactly our addresses (a mismatch is counted and logged, not dropped). */
    static boolean sameAddresses(VrrpAdvert a, List<InetAddress> ours) {
        return new HashSet<>(a.addresses()).equals(new HashSet<>(ours));
    }
}
