package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.UnicastPeer;
import org.keepalivedj.vrrp.ChecksumMode;
import org.keepalivedj.vrrp.DropReason;
import org.keepalivedj.vrrp.IpsecAh;
import org.keepalivedj.vrrp.VrrpAdvert;
import org.keepalivedj.vrrp.VrrpCodec;

/**
 * RFC 5798 section 7.1 receive checks for one instance (after the structural decode): TTL,
 * version, checksum, unicast peer, v2 authentication and interval. Returns null when accepted.
 * Also writes the reason of a drop as the log line keepalived writes for it (with the sender).
 */
final class AdvertValidator {

    private final int version;
    private final int advertField;
    private final byte[] password;
    private final List<UnicastPeer> peers;
    private final ChecksumMode checksumMode;
    /** auth_type AH: the advert came out of an AH header already verified, and says type 2. */
    private final boolean ah;

    AdvertValidator(int version, int advertField, String password, List<UnicastPeer> peers, ChecksumMode checksumMode) {
        this(version, advertField, password, false, peers, checksumMode);
    }

    AdvertValidator(
            int version,
            int advertField,
            String password,
            boolean ah,
            List<UnicastPeer> peers,
            ChecksumMode checksumMode) {
        this.version = version;
        this.ah = ah;
        this.advertField = advertField;
        this.password = password == null
                ? null
                : Arrays.copyOf(password.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 8);
        this.peers = List.copyOf(peers);
        this.checksumMode = checksumMode;
    }

    /** The unicast peer with this address, or null (a loop: no stream or lambda per advert). */
    private UnicastPeer peerAt(InetAddress source) {
        for (int i = 0; i < peers.size(); i++) {
            if (peers.get(i).address().equals(source)) {
                return peers.get(i);
            }
        }
        return null;
    }

    DropReason check(byte[] payload, VrrpAdvert a, InetAddress source, InetAddress destination, int ttl, boolean ipv6) {
        if (peers.isEmpty()) {
            if (ttl != 255) {
                return DropReason.TTL;
            }
        } else {
            UnicastPeer peer = peerAt(source);
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
            if (!checksumAccepted(payload, source, destination)) {
                return DropReason.CHECKSUM;
            }
        }
        if (version == 2) {
            int wanted = wantedAuthType();
            if ((a.authType() == VrrpAdvert.AUTH_AH && !ah) || a.authType() > VrrpAdvert.AUTH_AH) {
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

    /**
     * v3_checksum_as_v2 takes the RFC 5798 checksum too: keepalived (2.2.8 on) does not refuse an
     * advert for its checksum in that mode, so its peers may send either form. A corrupt packet fits
     * neither and is still dropped.
     */
    private boolean checksumAccepted(byte[] payload, InetAddress source, InetAddress destination) {
        return switch (checksumMode) {
            case STANDARD -> VrrpCodec.checksumValid(payload, source, destination, ChecksumMode.STANDARD);
            case AS_V2 ->
                VrrpCodec.checksumValid(payload, source, destination, ChecksumMode.AS_V2)
                        || VrrpCodec.checksumValid(payload, source, destination, ChecksumMode.STANDARD);
            case OLD_UNICAST ->
                VrrpCodec.checksumValid(
                        payload,
                        source,
                        destination,
                        peers.isEmpty() ? ChecksumMode.STANDARD : ChecksumMode.OLD_UNICAST);
        };
    }

    /**
     * The log line (after the instance's name) for an advert dropped for this reason: keepalived
     * 2.2.7's wording with the sender named where keepalived's later versions name it.
     *
     * @param a the decoded advert, or null when the structural decode refused the packet
     */
    String describe(DropReason reason, byte[] payload, VrrpAdvert a, InetAddress source, int ttl, boolean ipv6) {
        String from = IpAddresses.format(source);
        return switch (reason) {
            case TTL -> {
                UnicastPeer peer = peers.stream()
                        .filter(p -> p.address().equals(source))
                        .findFirst()
                        .orElse(null);
                yield peer == null
                        ? "invalid TTL/HL from " + from + ". Received " + ttl + " and expect 255"
                        : "TTL/HL " + ttl + " from " + from + " not in range " + Math.max(0, peer.minTtl()) + " - "
                                + (peer.maxTtl() < 0 ? 255 : peer.maxTtl());
            }
            case VERSION ->
                "wrong version from " + from + ". Received " + versionOf(payload) + " and expect " + version;
            case CHECKSUM -> "Invalid VRRPv" + versionOf(payload) + " checksum from " + from;
            case UNKNOWN_PEER -> "unicast source address " + from + " not a unicast peer";
            case AUTH_TYPE_MISMATCH, INVALID_AUTH_TYPE ->
                "received a " + a.authType() + " auth from " + from + ", expecting " + wantedAuthType() + "!";
            case AUTH_FAILURE -> "received an invalid passwd from " + from + "!";
            case ADVERT_INTERVAL ->
                "advertisement interval mismatch with " + from + " mine=" + advertField + " sec rcv'd=" + a.interval()
                        + " sec";
            case HMAC_MISSING -> "auth_hmac: advert from " + from + " has no HMAC trailer";
            case HMAC_INVALID -> "auth_hmac: invalid HMAC trailer from " + from + " (key id " + keyId(payload) + ")";
            case HMAC_STALE -> "auth_hmac: stale advert from " + from + ", its time is outside the freshness window";
            case HMAC_REPLAY -> "auth_hmac: replayed advert from " + from + ", sequence not above the last accepted";
            case AH_SPI -> "IPSEC-AH : invalid IPSEC SPI value from " + from + ", expect its address";
            case AH_ICV ->
                "IPSEC-AH : invalid IPSEC HMAC-MD5 value from " + from + ". Due to fields mutation or bad password !";
            case AH_REPLAY ->
                "IPSEC-AH : sequence number " + IpsecAh.sequence(payload) + " from " + from
                        + " already processed. Packet dropped.";
            default -> describeMalformed(reason, payload, source, ipv6);
        };
    }

    private int wantedAuthType() {
        return ah ? VrrpAdvert.AUTH_AH : password == null ? VrrpAdvert.AUTH_NONE : VrrpAdvert.AUTH_PASS;
    }

    private static int keyId(byte[] payload) {
        return payload.length >= org.keepalivedj.vrrp.HmacTrailer.LENGTH
                ? org.keepalivedj.vrrp.HmacTrailer.keyId(payload)
                : 0;
    }

    /** The log line for a packet the structural decode refused (also before it is matched to an instance). */
    static String describeMalformed(DropReason reason, byte[] payload, InetAddress source, boolean ipv6) {
        String from = IpAddresses.format(source);
        return switch (reason) {
            case PACKET_LENGTH -> {
                int expected = expectedLength(payload, ipv6);
                yield "vrrp packet from " + from + " too " + (payload.length < expected ? "short" : "long")
                        + ", length " + payload.length + " and expect " + expected;
            }
            case VERSION -> "wrong version from " + from + ". Received " + versionOf(payload) + " and expect 2 or 3";
            case INVALID_TYPE ->
                "Invalid packet type from " + from + ". " + (payload[0] & 0x0f) + " and expect "
                        + VrrpAdvert.TYPE_ADVERTISEMENT;
            case FAMILY -> "VRRPv2 packet over IPv6 from " + from;
            case OWN_PACKET -> "ignoring our own advert from " + from;
            default -> reason + " from " + from;
        };
    }

    private static int versionOf(byte[] payload) {
        return payload.length == 0 ? 0 : (payload[0] & 0xf0) >> 4;
    }

    /** The length the header announces (8 when even the header is cut short). */
    private static int expectedLength(byte[] payload, boolean ipv6) {
        if (payload.length < 8) {
            return 8;
        }
        return 8 + (payload[3] & 0xff) * (ipv6 ? 16 : 4) + (versionOf(payload) == 2 ? 8 : 0);
    }

    /**
     * The log line (after the instance's name) for an advert whose addresses differ from ours: it is
     * accepted, as keepalived accepts it, but the operator should know.
     */
    static String describeAddressMismatch(VrrpAdvert a, List<InetAddress> ours, InetAddress source) {
        String from = IpAddresses.format(source);
        if (a.addresses().size() != ours.size()) {
            return "received an unexpected ip number count " + a.addresses().size() + " from " + from + ", expected "
                    + ours.size() + "!";
        }
        InetAddress missing = ours.stream()
                .filter(o -> !a.addresses().contains(o))
                .findFirst()
                .orElse(ours.get(0));
        return "ip address associated with VRID " + a.vrid() + " not present in MASTER advert from " + from + ": "
                + IpAddresses.format(missing);
    }

    /** True when the advert carries exactly our addresses (a mismatch is counted and logged, not dropped). */
    static boolean sameAddresses(VrrpAdvert a, List<InetAddress> ours) {
        return new HashSet<>(a.addresses()).equals(new HashSet<>(ours));
    }
}
