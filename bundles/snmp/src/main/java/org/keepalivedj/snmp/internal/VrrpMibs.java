package org.keepalivedj.snmp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.VirtualAddress;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

/**
 * The standard VRRP MIBs: VRRP-MIB (RFC 2787, mib-2.68, VRRPv2 IPv4 instances only) and VRRPv3-MIB
 * (RFC 6527, mib-2.207, every instance). Rows are indexed by ifIndex and VRID (and the IP version for
 * RFC 6527), as the RFCs say.
 */
final class VrrpMibs {

    static final Oid RFC2787 = Oid.parse("1.3.6.1.2.1.68");
    static final Oid RFC6527 = Oid.parse("1.3.6.1.2.1.207");

    private VrrpMibs() {}

    /** RFC 2787's vrrpOperState / RFC 6527's vrrpv3OperationsStatus: initialize(1), backup(2), master(3). */
    static int operState(InstanceState s) {
        return switch (s) {
            case BACKUP -> 2;
            case MASTER -> 3;
            default -> 1;
        };
    }

    private static VrrpInstance model(MibInputs in, VrrpInstanceView v) {
        KeepalivedConfig config = in.config().get();
        return config == null ? null : config.vrrpInstances().get(v.name());
    }

    private static long counter(VrrpInstanceView v, String name) {
        return v.counters().getOrDefault(name, 0L);
    }

    private static long total(VrrpRuntime runtime, String name) {
        long sum = 0;
        for (VrrpInstanceView v : runtime.instances()) {
            sum += counter(v, name);
        }
        return sum;
    }

    private static final byte[] NO_IPV4 = new byte[4];

    private static byte[] bytes(InetAddress a) {
        return a == null ? NO_IPV4 : a.getAddress();
    }

    /** RFC 2787. */
    static final class V2 implements MibSource {
        private final MibInputs in;
        private final boolean traps;

        V2(MibInputs in, boolean traps) {
            this.in = in;
            this.traps = traps;
        }

        @Override
        public List<Oid> subtrees() {
            return List.of(RFC2787);
        }

        @Override
        public void collect(Map<Oid, Value> m) {
            VrrpRuntime runtime = in.vrrp().get();
            if (runtime == null) {
                return;
            }
            Oid ops = RFC2787.append(1);
            m.put(ops.append(1, 0), Value.integer(2));
            m.put(ops.append(2, 0), Value.integer(traps ? 1 : 2));
            Oid oper = ops.append(3, 1);
            Oid asso = ops.append(4, 1);
            Oid stats = RFC2787.append(2);
            m.put(stats.append(1, 0), Value.counter32(total(runtime, "checksumErrors")));
            m.put(stats.append(2, 0), Value.counter32(total(runtime, "versionErrors")));
            m.put(stats.append(3, 0), Value.counter32(0));
            for (VrrpInstanceView v : runtime.instances()) {
                VrrpInstance model = model(in, v);
                if (v.version() != 2 || model == null || model.family() == org.keepalivedj.api.model.Family.INET6) {
                    continue;
                }
                Interfaces.Info itf = in.itf(v.interfaceName());
                int ifIndex = itf.index();
                int vrid = v.virtualRouterId();
                m.put(oper.append(2, ifIndex, vrid), Value.octets(itf.mac()));
                m.put(oper.append(3, ifIndex, vrid), Value.integer(operState(v.state())));
                m.put(oper.append(4, ifIndex, vrid), Value.integer(v.state() == InstanceState.STOP ? 2 : 1));
                // the configured (base) priority, as keepalived 2.2.7 answers: tracking weights not added
                m.put(oper.append(5, ifIndex, vrid), Value.integer(v.basePriority()));
                m.put(
                        oper.append(6, ifIndex, vrid),
                        Value.integer(model.virtualAddresses().size()));
                // the master's address is the other router's: 0.0.0.0 while we are master, as keepalived says
                InetAddress master = v.state() == InstanceState.MASTER ? null : v.masterAddress();
                m.put(
                        oper.append(7, ifIndex, vrid),
                        Value.ipAddress(master instanceof Inet4Address ? master.getAddress() : NO_IPV4));
                InetAddress primary = MibInputs.primary(model, itf);
                m.put(oper.append(8, ifIndex, vrid), Value.ipAddress(bytes(primary)));
                boolean pass = model.authentication() != null
                        && "PASS".equalsIgnoreCase(model.authentication().type());
                m.put(oper.append(9, ifIndex, vrid), Value.integer(pass ? 2 : 1));
                m.put(
                        oper.append(11, ifIndex, vrid),
                        Value.integer(Math.max(1, v.advertInterval().toSeconds())));
                m.put(oper.append(12, ifIndex, vrid), Value.truth(!model.nopreempt()));
                m.put(oper.append(13, ifIndex, vrid), Value.timeTicks(in.clock().at(v.lastTransition())));
                m.put(oper.append(14, ifIndex, vrid), Value.integer(1));
                m.put(oper.append(15, ifIndex, vrid), Value.integer(1));
                for (VirtualAddress va : model.virtualAddresses()) {
                    if (va.address().address() instanceof Inet4Address a) {
                        m.put(asso.append(2, ifIndex, vrid).append(ipIndex(a)), Value.integer(1));
                    }
                }
                Oid s = stats.append(4, 1);
                m.put(s.append(1, ifIndex, vrid), Value.counter32(counter(v, "masterTransitions")));
                m.put(s.append(2, ifIndex, vrid), Value.counter32(counter(v, "advertisementsReceived")));
                m.put(s.append(3, ifIndex, vrid), Value.counter32(counter(v, "advertIntervalErrors")));
                m.put(s.append(4, ifIndex, vrid), Value.counter32(counter(v, "authFailures")));
                m.put(s.append(5, ifIndex, vrid), Value.counter32(counter(v, "ipTtlErrors")));
                m.put(s.append(6, ifIndex, vrid), Value.counter32(counter(v, "priorityZeroReceived")));
                m.put(s.append(7, ifIndex, vrid), Value.counter32(counter(v, "priorityZeroSent")));
                m.put(s.append(8, ifIndex, vrid), Value.counter32(counter(v, "invalidTypeReceived")));
                m.put(s.append(9, ifIndex, vrid), Value.counter32(counter(v, "addressListErrors")));
                m.put(s.append(10, ifIndex, vrid), Value.counter32(counter(v, "invalidAuthType")));
                m.put(s.append(11, ifIndex, vrid), Value.counter32(counter(v, "authTypeMismatch")));
                m.put(s.append(12, ifIndex, vrid), Value.counter32(counter(v, "packetLengthErrors")));
            }
        }
    }

    /** An address as index sub-identifiers, one per byte. */
    static Oid ipIndex(InetAddress a) {
        byte[] b = a.getAddress();
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xff;
        }
        return Oid.of(ids);
    }

    /** RFC 6527. */
    static final class V3 implements MibSource {
        private final MibInputs in;

        V3(MibInputs in) {
            this.in = in;
        }

        @Override
        public List<Oid> subtrees() {
            return List.of(RFC6527);
        }

        @Override
        public void collect(Map<Oid, Value> m) {
            VrrpRuntime runtime = in.vrrp().get();
            if (runtime == null) {
                return;
            }
            Oid oper = RFC6527.append(1, 1, 1, 1);
            Oid asso = RFC6527.append(1, 1, 2, 1);
            Oid stats = RFC6527.append(1, 2);
            m.put(stats.append(1, 0), Value.counter64(total(runtime, "checksumErrors")));
            m.put(stats.append(2, 0), Value.counter64(total(runtime, "versionErrors")));
            m.put(stats.append(3, 0), Value.counter64(0));
            m.put(stats.append(4, 0), Value.timeTicks(0));
            for (VrrpInstanceView v : runtime.instances()) {
                VrrpInstance model = model(in, v);
                if (model == null) {
                    continue;
                }
                Interfaces.Info itf = in.itf(v.interfaceName());
                boolean v6 = model.family() == org.keepalivedj.api.model.Family.INET6;
                Oid idx = Oid.of(itf.index(), v.virtualRouterId(), v6 ? 2 : 1);
                InetAddress primary = MibInputs.primary(model, itf);
                InetAddress master = v.state() == InstanceState.MASTER ? primary : v.masterAddress();
                m.put(oper.append(3).append(idx), Value.octets(bytes(master)));
                m.put(oper.append(4).append(idx), Value.octets(bytes(primary)));
                m.put(oper.append(5).append(idx), Value.octets(itf.mac()));
                m.put(oper.append(6).append(idx), Value.integer(operState(v.state())));
                // the configured (base) priority, as keepalived 2.2.7 answers: tracking weights not added
                m.put(oper.append(7).append(idx), Value.gauge32(v.basePriority()));
                m.put(
                        oper.append(8).append(idx),
                        Value.integer(model.virtualAddresses().size()));
                m.put(
                        oper.append(9).append(idx),
                        Value.integer(v.advertInterval().toMillis() / 10));
                m.put(oper.append(10).append(idx), Value.truth(!model.nopreempt()));
                m.put(oper.append(11).append(idx), Value.truth(model.accept() == null || model.accept()));
                m.put(oper.append(12).append(idx), Value.timeTicks(in.clock().at(v.lastTransition())));
                m.put(oper.append(13).append(idx), Value.integer(1));
                for (VirtualAddress va : model.virtualAddresses()) {
                    m.put(asso.append(2).append(idx).append(ipIndex(va.address().address())), Value.integer(1));
                }
                Oid s = stats.append(5, 1);
                m.put(s.append(1).append(idx), Value.counter32(counter(v, "masterTransitions")));
                m.put(s.append(2).append(idx), Value.integer(newMasterReason(v)));
                m.put(s.append(3).append(idx), Value.counter64(counter(v, "advertisementsReceived")));
                m.put(s.append(4).append(idx), Value.counter64(counter(v, "advertIntervalErrors")));
                m.put(s.append(5).append(idx), Value.counter64(counter(v, "ipTtlErrors")));
                m.put(s.append(6).append(idx), Value.integer(0));
                m.put(s.append(7).append(idx), Value.counter64(counter(v, "priorityZeroReceived")));
                m.put(s.append(8).append(idx), Value.counter64(counter(v, "priorityZeroSent")));
                m.put(s.append(9).append(idx), Value.counter64(counter(v, "invalidTypeReceived")));
                m.put(s.append(10).append(idx), Value.counter64(counter(v, "addressListErrors")));
                m.put(s.append(11).append(idx), Value.counter64(counter(v, "packetLengthErrors")));
                m.put(s.append(12).append(idx), Value.timeTicks(0));
                m.put(s.append(13).append(idx), Value.gauge32(v.advertInterval().toMillis()));
            }
        }

        /**
         * vrrpv3StatisticsNewMasterReason: notMaster(0), priority(1), preempted(2),
         * masterNoResponse(3). The runtime view does not say why an instance took over;
         * keepalived 2.2.7 answers masterNoResponse for every master, and so do we.
         */
        static final int NEW_MASTER_REASON = 3;

        private static int newMasterReason(VrrpInstanceView v) {
            return v.state() == InstanceState.MASTER ? NEW_MASTER_REASON : 0;
        }
    }
}
