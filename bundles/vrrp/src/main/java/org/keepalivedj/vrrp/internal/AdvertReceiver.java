package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.util.List;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.vrrp.AdvertError;
import org.keepalivedj.netlink.ReceivedPacket;
import org.keepalivedj.vrrp.ChecksumMode;
import org.keepalivedj.vrrp.DecodeResult;
import org.keepalivedj.vrrp.DropReason;
import org.keepalivedj.vrrp.VrrpAdvert;
import org.keepalivedj.vrrp.VrrpCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive path of one instance: an advert the shared socket hands over is checked (own packet,
 * validation, owner_ignore_adverts, address list) and, if it passes, goes to the election in the
 * state machine; a drop is counted, announced to listeners and logged, rate-limited per reason.
 * Timer thread.
 */
final class AdvertReceiver implements SharedSocket.Receiver {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");
    private static final String ADDRESS_LIST = "ADDRESS_LIST";
    private static final String OWNER_IGNORES = "OWNER_IGNORES";

    private final InstanceRuntime instance;
    private final Engine engine;
    private final String name;
    private final boolean ipv6;
    private final VrrpStateMachine machine;
    private final ElectionOptions options;
    private final List<InetAddress> advertAddresses;
    private final AdvertValidator validator;
    /** Log lines of dropped (and address-mismatched) adverts, limited per reason. */
    private final RateLimitedLog dropLog;
    /** The source of the last advert accepted: skip_check_adv_addr compares a new master's list only. */
    private InetAddress lastAdvertSource;

    /** auth_hmac, or null: the trailer is checked and stripped before anything else. */
    private final HmacAuth hmac;
    /** auth_type AH, or null: the AH header is checked and stripped before anything else. */
    private final AhAuth ah;

    AdvertReceiver(
            InstanceRuntime instance,
            boolean ipv6,
            String password,
            ChecksumMode checksumMode,
            ElectionOptions options,
            List<InetAddress> advertAddresses,
            Engine engine) {
        this.instance = instance;
        this.hmac = instance.hmac;
        this.ah = instance.ah;
        this.name = instance.model.name();
        this.ipv6 = ipv6;
        this.machine = instance.machine;
        this.options = options;
        this.advertAddresses = advertAddresses;
        this.validator = new AdvertValidator(
                instance.model.version(),
                machine.settings.advertField(),
                password,
                ah != null,
                instance.model.unicastPeers(),
                checksumMode);
        this.dropLog = new RateLimitedLog(engine.timer(), engine.dropLogInterval());
        this.engine = engine;
    }

    @Override
    public void received(ReceivedPacket p, DecodeResult d) {
        if (!instance.attached()) {
            return;
        }
        if (ah != null) {
            AhAuth.Verdict v = ah.check(p);
            if (v.dropped() != null) {
                dropped(v.dropped(), p, null);
                return;
            }
            p = v.vrrp();
            d = VrrpCodec.decode(p.payload(), ipv6);
        }
        if (hmac != null) {
            HmacAuth.Verdict v = hmac.check(p.payload(), p.source(), ipv6);
            if (v.dropped() != null) {
                dropped(v.dropped(), p, null);
                return;
            }
            p = new ReceivedPacket(
                    v.vrrp(), p.source(), p.destination(), p.ttl(), p.interfaceIndex(), p.arrivalNanos());
            d = VrrpCodec.decode(v.vrrp(), ipv6);
        }
        if (!d.ok()) {
            dropped(d.dropped(), p, null);
            return;
        }
        if (p.source().equals(instance.source())) {
            // our own advert: not an error, so not counted; said once in a while at info
            dropLog.report(
                    DropReason.OWN_PACKET.name(),
                    "(" + name + ") "
                            + AdvertValidator.describeMalformed(DropReason.OWN_PACKET, p.payload(), p.source(), ipv6),
                    LOG::info);
            return;
        }
        DropReason reason = validator.check(p.payload(), d.advert(), p.source(), p.destination(), p.ttl(), ipv6);
        if (reason != null) {
            dropped(reason, p, d.advert());
            return;
        }
        if (options.ownerIgnoreAdverts() && machine.effectivePriority() == VrrpStateMachine.OWNER) {
            // owner_ignore_adverts: the address owner is master whatever others say
            machine.counters.otherDrops.incrementAndGet();
            dropLog.report(
                    OWNER_IGNORES,
                    "(" + name + ") Dropping packet(s) from " + IpAddresses.format(p.source())
                            + " since we are address owner",
                    LOG::warn);
            return;
        }
        machine.counters.advertisementsReceived.incrementAndGet();
        VrrpAdvert a = d.advert();
        // skip_check_adv_addr: the list of the master we already heard is not compared again
        boolean sameMaster = p.source().equals(lastAdvertSource);
        lastAdvertSource = p.source();
        if (a.priority() != VrrpStateMachine.OWNER
                && !(options.skipCheckAdvAddr() && sameMaster)
                && !AdvertValidator.sameAddresses(a, advertAddresses)) {
            machine.counters.addressListErrors.incrementAndGet();
            dropLog.report(
                    ADDRESS_LIST,
                    "(" + name + ") " + AdvertValidator.describeAddressMismatch(a, advertAddresses, p.source()),
                    LOG::warn);
        }
        machine.onAdvert(a, p.source(), p.arrivalNanos());
    }

    /** Counts the drop under its reason and logs it, rate-limited per reason. */
    private void dropped(DropReason reason, ReceivedPacket p, VrrpAdvert decoded) {
        machine.counters.dropped(reason);
        AdvertError error = announced(reason);
        if (error != null) {
            engine.fireAdvertRejected(instance.view, error, p.source());
        }
        dropLog.report(
                reason.name(),
                "(" + name + ") " + validator.describe(reason, p.payload(), decoded, p.source(), p.ttl(), ipv6),
                LOG::warn);
    }

    /** The drops the VRRP MIBs have a notification for (the others are only counted and logged). */
    private static AdvertError announced(DropReason reason) {
        return switch (reason) {
            case INVALID_AUTH_TYPE -> AdvertError.INVALID_AUTH_TYPE;
            case AUTH_TYPE_MISMATCH -> AdvertError.AUTH_TYPE_MISMATCH;
            case AUTH_FAILURE, AH_SPI, AH_ICV, AH_REPLAY -> AdvertError.AUTH_FAILURE;
            case TTL -> AdvertError.IP_TTL;
            case VERSION -> AdvertError.VERSION;
            case CHECKSUM -> AdvertError.CHECKSUM;
            default -> null;
        };
    }

    /** The instance stopped: the drops held back are written now. */
    void close() {
        dropLog.close();
    }
}
