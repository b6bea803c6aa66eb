package org.keepalivedj.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.KeepalivedPeer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Issue 9 end to end: keepalived-j runs VRRP against a real keepalived on a bridge and a virtual
 * server with two checked real servers. Every MBean is readable through Jolokia; an operator's
 * setWeight reaches the data plane, giveUpMaster hands the VIP to keepalived, a drain survives a
 * reload; a viewer gets 403; the console shows the same state.
 */
@RequiresRoot
class ManagementIT {

    private static final String OURS = """
            global_defs {
                router_id kj
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 77
                priority 150
                advert_int 1
                virtual_ipaddress {
                    10.77.0.100/24
                }
            }
            virtual_server 10.77.0.100 80 {
                delay_loop 1
                lvs_sched wrr
                lvs_method NAT
                protocol TCP
                real_server 127.0.0.1 18080 {
                    weight 3
                    TCP_CHECK {
                        connect_timeout 1
                    }
                }
                real_server 127.0.0.1 18081 {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 1
                    }
                }
            }
            """;

    private static final String PEER = """
            global_defs {
                router_id ka
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 77
                priority 100
                advert_int 1
                virtual_ipaddress {
                    10.77.0.100/24
                }
            }
            """;

    private static final String VRRP = "keepalived:type=VrrpInstance,name=VI_1";
    private static final String VS = "keepalived:type=VirtualServer,name=\"10.77.0.100:80/tcp\"";
    private static final String RS1 =
            "keepalived:type=RealServer,virtualServer=\"10.77.0.100:80/tcp\",name=\"127.0.0.1:18080\"";
    private static final String RS2 =
            "keepalived:type=RealServer,virtualServer=\"10.77.0.100:80/tcp\",name=\"127.0.0.1:18081\"";

    @TempDir
    Path tmp;

    @Test
    void operatorsManageVrrpAndServersLive() throws Exception {
        try (NetLab lab = NetLab.create()) {
            Netns kj = lab.node("kj", "10.77.0.1/24");
            Netns ka = lab.node("ka", "10.77.0.2/24");
            List<ServerSocket> servers = List.of(listen(kj, 18080), listen(kj, 18081));
            KeepalivedPeer peer = null;
            try {
                // its console (-l) to ka.log; -P: VRRP only (this kernel has no IPVS for its checkers)
                peer = KeepalivedPeer.start(ka, tmp, "ka", PEER, KeepalivedPeer.Options.quiet("-l", "-P"));
                Path conf = Files.writeString(tmp.resolve("kj.conf"), OURS);
                LaunchedNode node = LaunchedNode.start(kj, tmp.resolve("data"), "-f", conf.toString());

                // The higher priority wins: we are MASTER and hold the VIP; both real servers are up.
                node.awaitMBean(VRRP, 180_000);
                Awaits.until(
                        "VI_1 MASTER with the VIP",
                        30_000,
                        () -> "MASTER".equals(state(node))
                                && kj.exec("ip", "-j", "addr", "show", "dev", "eth0")
                                        .stdout()
                                        .contains("\"10.77.0.100\""));
                Awaits.until(
                        "both real servers up",
                        30_000,
                        () -> read(node, RS1).contains("\"Up\":true")
                                && read(node, RS2).contains("\"Up\":true"));

                // Every MBean reads through Jolokia.
                for (String mbean : List.of("keepalived:type=Daemon", VRRP, VS, RS1, RS2)) {
                    assertTrue(read(node, mbean).contains("\"status\":200"), mbean);
                }

                // A viewer may not change anything; an operator's weight reaches the data plane.
                assertJolokia(403, exec(node, RS1, "setWeight", "7", "viewer:viewer"));
                Awaits.until(
                        "wrr over 3+1 in nftables",
                        10_000,
                        () -> nft(kj).replace(" ", "").contains("\"mod\":4"));
                assertJolokia(200, exec(node, RS1, "setWeight", "7", "operator:operator"));
                Awaits.until(
                        "weight 7+1 in nftables",
                        10_000,
                        () -> nft(kj).replace(" ", "").contains("\"mod\":8"));
                assertTrue(read(node, RS1).contains("\"EffectiveWeight\":7"), read(node, RS1));

                // A viewer's console drain is refused by the command ACL; an operator's works, and the
                // drained server stays drained across a reload.
                node.console("viewer", "keepalived:rs-drain 10.77.0.100:80/tcp 127.0.0.1:18081");
                assertTrue(read(node, RS2).contains("\"AdminState\":\"ENABLED\""), read(node, RS2));
                String drained = node.console("operator", "keepalived:rs-drain 10.77.0.100:80/tcp 127.0.0.1:18081");
                assertTrue(drained.contains("draining"), drained);
                Awaits.until("drained", 10_000, () -> read(node, RS2).contains("\"AdminState\":\"DRAIN\""));
                assertTrue(node.get("/exec/keepalived:type=Daemon/reload", "admin:admin")
                        .contains("\"status\":200"));
                assertTrue(read(node, RS2).contains("\"AdminState\":\"DRAIN\""), read(node, RS2));

                // The daemon's dump, shaped like keepalived's JSON: our instance is MASTER (2).
                String dump = node.get("/exec/keepalived:type=Daemon/dump", "viewer:viewer");
                assertTrue(dump.contains("\\\"iname\\\":\\\"VI_1\\\"") && dump.contains("\\\"state\\\":2"), dump);
                assertTrue(dump.contains("\\\"admin_state\\\":\\\"DRAIN\\\""), dump);

                // The console prints the same state.
                String lvs = node.console("viewer", "keepalived:lvs-list");
                assertTrue(lvs.contains("127.0.0.1:18081") && lvs.contains("DRAIN"), lvs);
                String vrrp = node.console("viewer", "keepalived:vrrp-list");
                assertTrue(vrrp.contains("VI_1") && vrrp.contains("MASTER"), vrrp);

                // giveUpMaster: real keepalived takes the VIP over.
                assertJolokia(403, exec(node, VRRP, "giveUpMaster", null, "viewer:viewer"));
                assertJolokia(200, exec(node, VRRP, "giveUpMaster", null, "operator:operator"));
                Awaits.until(
                        "keepalived holds the VIP",
                        10_000,
                        () -> ka.exec("ip", "-j", "addr", "show", "dev", "eth0")
                                .stdout()
                                .contains("\"10.77.0.100\""));

                node.stop();
            } finally {
                for (ServerSocket s : servers) {
                    s.close();
                }
                if (peer != null) {
                    peer.stop();
                }
            }
        }
    }

    private static void assertJolokia(int status, String answer) {
        assertTrue(answer.contains("\"status\":" + status), "expected status " + status + ": " + answer);
    }

    /** A listening socket in the namespace: TCP_CHECK only needs the handshake, which the kernel completes. */
    private static ServerSocket listen(Netns ns, int port) throws Exception {
        return ns.call(() -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress("127.0.0.1", port), 50);
            return s;
        });
    }

    private static String state(LaunchedNode node) throws Exception {
        return LaunchedNode.attribute(read(node, VRRP), "State");
    }

    private static String read(LaunchedNode node, String mbean) throws Exception {
        String body =
                node.post("{\"type\":\"read\",\"mbean\":\"" + mbean.replace("\"", "\\\"") + "\"}", "viewer:viewer");
        return body == null ? "" : body;
    }

    private static String exec(LaunchedNode node, String mbean, String operation, String argument, String user)
            throws Exception {
        String args = argument == null ? "[]" : "[" + argument + "]";
        String body = node.post(
                "{\"type\":\"exec\",\"mbean\":\"" + mbean.replace("\"", "\\\"") + "\",\"operation\":\"" + operation
                        + "\",\"arguments\":" + args + "}",
                user);
        return body == null ? "" : body;
    }

    private static String nft(Netns ns) {
        return ns.exec("nft", "-j", "list", "table", "inet", "keepalivedj").stdout();
    }
}
