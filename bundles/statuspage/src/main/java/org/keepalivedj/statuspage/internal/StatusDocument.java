package org.keepalivedj.statuspage.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

/** The JSON the page polls: who is looking and what they may do, the daemon, VRRP, BFD, virtual servers, the timeline. */
final class StatusDocument {
    private StatusDocument() {}

    static Map<String, Object> build(
            String user,
            boolean canOperate,
            Daemon daemon,
            VrrpRuntime vrrp,
            LvsRuntime lvs,
            BfdRuntime bfd,
            Timeline timeline,
            Instant now) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("generatedAt", now.toString());
        doc.put("user", user);
        doc.put("canOperate", canOperate);
        if (daemon != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("version", daemon.version());
            d.put("startedAt", str(daemon.startedAt()));
            d.put("config", String.valueOf(daemon.configPath()));
            d.put(
                    "lastLoad",
                    daemon.lastLoad() == null ? null : daemon.lastLoad().describe());
            d.put(
                    "lastLoadAt",
                    daemon.lastLoad() == null ? null : str(daemon.lastLoad().at()));
            doc.put("daemon", d);
        }
        List<Object> instances = new ArrayList<>();
        if (vrrp != null) {
            for (VrrpInstanceView i : vrrp.instances()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", i.name());
                m.put("state", String.valueOf(i.state()));
                m.put("wantedState", String.valueOf(i.wantedState()));
                m.put("priority", i.effectivePriority());
                m.put("basePriority", i.basePriority());
                m.put("interface", i.interfaceName());
                m.put("vrid", i.virtualRouterId());
                m.put("master", i.masterAddress() == null ? null : IpAddresses.format(i.masterAddress()));
                m.put("masterPriority", i.masterPriority());
                m.put("vips", i.virtualAddresses());
                m.put("lastTransition", str(i.lastTransition()));
                m.put("faultReasons", i.faultReasons());
                instances.add(m);
            }
        }
        doc.put("vrrpInstances", instances);
        List<Object> sessions = new ArrayList<>();
        if (bfd != null) {
            for (BfdSessionView s : bfd.sessions()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("neighbor", IpAddresses.format(s.neighbor()));
                m.put("multihop", s.multihop());
                m.put("state", s.state());
                m.put("remoteState", s.remoteState());
                m.put("localDiscriminator", s.localDiscriminator());
                m.put("remoteDiscriminator", s.remoteDiscriminator());
                m.put("transmitIntervalMs", s.transmitInterval().toNanos() / 1e6);
                m.put("receiveIntervalMs", s.receiveInterval().toNanos() / 1e6);
                m.put("detectionTimeMs", s.detectionTime().toNanos() / 1e6);
                m.put("packetsIn", s.packetsIn());
                m.put("packetsOut", s.packetsOut());
                m.put("packetsDropped", s.packetsDropped());
                m.put("downTransitions", s.downTransitions());
                m.put("lastDownDiagnostic", s.lastDownDiagnostic());
                m.put("lastStateChange", str(s.lastStateChange()));
                sessions.add(m);
            }
        }
        doc.put("bfdSessions", sessions);
        List<Object> servers = new ArrayList<>();
        if (lvs != null) {
            doc.put("plane", lvs.planeName());
            for (VirtualServerView vs : lvs.virtualServers()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", vs.key());
                m.put("quorumUp", vs.quorumUp());
                m.put("aliveWeight", vs.aliveWeight());
                m.put("quorum", vs.quorum());
                m.put("sorryServerActive", vs.sorryServerActive());
                m.put("suspended", vs.suspended());
                List<Object> reals = new ArrayList<>();
                for (RealServerView rs : vs.realServers()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("key", rs.key());
                    r.put("up", rs.up());
                    r.put("weight", rs.weight());
                    r.put("configuredWeight", rs.configuredWeight());
                    r.put("effectiveWeight", rs.effectiveWeight());
                    r.put("adminState", String.valueOf(rs.adminState()));
                    List<Object> checks = new ArrayList<>();
                    for (CheckerStatus c : rs.checkers()) {
                        Map<String, Object> cm = new LinkedHashMap<>();
                        cm.put("kind", c.kind());
                        cm.put("up", c.up());
                        cm.put("detail", c.lastDetail());
                        cm.put(
                                "latencyMs",
                                c.lastLatency() == null ? null : c.lastLatency().toNanos() / 1e6);
                        cm.put("lastCheck", str(c.lastCheck()));
                        checks.add(cm);
                    }
                    r.put("checkers", checks);
                    reals.add(r);
                }
                m.put("realServers", reals);
                servers.add(m);
            }
        }
        doc.put("virtualServers", servers);
        List<Object> events = new ArrayList<>();
        for (Timeline.Event e : timeline.recent()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("kind", e.kind());
            m.put("subject", e.subject());
            m.put("from", e.from());
            m.put("to", e.to());
            events.add(m);
        }
        doc.put("timeline", events);
        return doc;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
