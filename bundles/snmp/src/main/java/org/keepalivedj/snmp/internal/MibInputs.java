package org.keepalivedj.snmp.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.VrrpRuntime;

/**
 * Where the MIBs read from: the same runtime views the MBeans read, the running config (for what the
 * config alone says, like notify scripts), and the kernel's interfaces. Any of the services may be
 * absent (a feature not installed); its objects are then left out.
 */
record MibInputs(
        java.util.function.Supplier<VrrpRuntime> vrrp,
        java.util.function.Supplier<LvsRuntime> lvs,
        java.util.function.Supplier<ForwardingPlane> plane,
        java.util.function.Supplier<Daemon> daemon,
        java.util.function.Supplier<BfdRuntime> bfd,
        java.util.function.Supplier<KeepalivedConfig> config,
        Interfaces interfaces,
        MasterClock clock) {

    /** An interface as the MIBs describe it (see {@link Interfaces#lookup}). */
    Interfaces.Info itf(String name) {
        java.util.Set<java.net.InetAddress> virtual = new java.util.HashSet<>();
        KeepalivedConfig c = config.get();
        if (c != null) {
            c.vrrpInstances()
                    .values()
                    .forEach(i -> i.virtualAddresses()
                            .forEach(a -> virtual.add(a.address().address())));
        }
        return interfaces.lookup(name, virtual);
    }

    /**
     * The address an instance sends its adverts from: its source address when configured, else its
     * interface's primary address of the instance's family (the VRRP MIBs' primary address).
     */
    static java.net.InetAddress primary(org.keepalivedj.api.model.VrrpInstance model, Interfaces.Info itf) {
        if (model.sourceAddress() != null) {
            return model.sourceAddress();
        }
        return model.family() == org.keepalivedj.api.model.Family.INET6 ? itf.primary6() : itf.primary4();
    }

    /**
     * The master agent's sysUpTime, for TimeStamp objects (RFC 2579): learnt from its responses and
     * carried forward on our own clock.
     */
    static final class MasterClock {
        private final LongSupplier nanos;
        private volatile long upTimeTicks;
        private volatile long atNanos;
        private volatile Instant atInstant = Instant.now();

        MasterClock(LongSupplier nanos) {
            this.nanos = nanos;
            this.atNanos = nanos.getAsLong();
        }

        void learnt(long sysUpTime) {
            atNanos = nanos.getAsLong();
            atInstant = Instant.now();
            upTimeTicks = sysUpTime;
        }

        long now() {
            return upTimeTicks + (nanos.getAsLong() - atNanos) / 10_000_000L;
        }

        /** sysUpTime when {@code when} happened, 0 if before the master started. */
        long at(Instant when) {
            if (when == null) {
                return 0;
            }
            long ticks = upTimeTicks + Duration.between(atInstant, when).toMillis() / 10;
            return Math.max(0, ticks);
        }
    }
}
