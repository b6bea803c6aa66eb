package org.keepalivedj.management.internal;

import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.management.BfdSessionMXBean;

/** One BFD session as an MXBean: every read takes a fresh snapshot of the session of that name. */
final class BfdSessionMBean extends EmittingMBean implements BfdSessionMXBean {

    private final BfdRuntime runtime;
    private final String name;

    BfdSessionMBean(BfdRuntime runtime, String name) {
        super(BfdSessionMXBean.class, "BFD session state change", STATE_CHANGE);
        this.runtime = runtime;
        this.name = name;
    }

    private BfdSessionView view() {
        return runtime.session(name).orElseThrow(() -> new IllegalStateException("BFD session " + name + " is gone"));
    }

    /** Sends {@code keepalived.bfd.state}, message {@code bfd1 Up -> Down (Control Detection Time Expired)}. */
    void stateChanged(BfdSessionView session, String from, String to) {
        String why = "Up".equals(to) ? "" : " (" + session.lastDownDiagnostic() + ")";
        emit(STATE_CHANGE, name + " " + from + " -> " + to + why, to);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getState() {
        return view().state();
    }

    @Override
    public String getRemoteState() {
        return view().remoteState();
    }

    @Override
    public String getNeighbor() {
        return IpAddresses.format(view().neighbor());
    }

    @Override
    public String getSource() {
        java.net.InetAddress source = view().source();
        return source == null ? "" : IpAddresses.format(source);
    }

    @Override
    public boolean isMultihop() {
        return view().multihop();
    }

    @Override
    public long getLocalDiscriminator() {
        return view().localDiscriminator();
    }

    @Override
    public long getRemoteDiscriminator() {
        return view().remoteDiscriminator();
    }

    @Override
    public long getTransmitIntervalMicros() {
        return view().transmitInterval().toNanos() / 1000;
    }

    @Override
    public long getReceiveIntervalMicros() {
        return view().receiveInterval().toNanos() / 1000;
    }

    @Override
    public long getDetectionTimeMicros() {
        return view().detectionTime().toNanos() / 1000;
    }

    @Override
    public long getPacketsIn() {
        return view().packetsIn();
    }

    @Override
    public long getPacketsOut() {
        return view().packetsOut();
    }

    @Override
    public long getPacketsDropped() {
        return view().packetsDropped();
    }

    @Override
    public long getUpTransitions() {
        return view().upTransitions();
    }

    @Override
    public long getDownTransitions() {
        return view().downTransitions();
    }

    @Override
    public String getLastDownDiagnostic() {
        return view().lastDownDiagnostic();
    }

    @Override
    public String getLastStateChange() {
        java.time.Instant last = view().lastStateChange();
        return last == null ? "" : last.toString();
    }
}
