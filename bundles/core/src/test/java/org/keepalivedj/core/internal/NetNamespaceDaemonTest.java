package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.check.tcp.TcpCheckFactory;
import org.keepalivedj.lvs.internal.LvsSubsystem;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.notify.ProcessScriptService;
import org.keepalivedj.testsupport.CapturedLog;
import org.keepalivedj.testsupport.Commands;
import org.keepalivedj.testsupport.KeepalivedPeer;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;
import org.keepalivedj.vrrp.internal.Engine;

/**
 * net_namespace through the whole daemon, wired as the container wires it: core loads the file,
 * makes the namespace when missing and decides it; the components are made from the test's thread
 * (the namespace the daemon started in, as DS activates them) with that namespace, and do all their
 * network work inside it. The VRRP peer is keepalived 2.2.7 in a namespace of its own, joined by a veth.
 */
@RequiresRoot
class NetNamespaceDaemonTest {
    private static final int PORT = 18961;

    private final String prefix = "kjnn" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private String config(String namespace, String vip) {
        return """
                net_namespace %s
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 61
                    priority 200
                    advert_int 1
                    notify_master %s
                    virtual_ipaddress {
                        %s/24 dev eth0
                    }
                }
                virtual_server 10.61.0.1 %d {
                    delay_loop 1
                    protocol TCP
                    real_server 10.61.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """.formatted(namespace, dir.resolve("master.sh"), vip, PORT, PORT);
    }

    private static final String PEER = """
            global_defs {
                router_id peer
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface p0
                virtual_router_id 61
                priority 100
                advert_int 1
                virtual_ipaddress {
                    10.61.0.100/24 dev p0
                }
            }
            """;

    @Test
    void vrrpAndChecksRunInTheNamedNamespaceWhileTheDaemonStaysInItsOwn() throws Exception {
        KeepalivedPeer.assumeInstalled();
        String ours = prefix + "d";
        try (Netns daemonNs = Netns.create(ours);
                Netns peer = Netns.create(prefix + "p");
                CapturedLog log = new CapturedLog();
                ProcessScriptService scripts = new ProcessScriptService();
                NettyCheckRuntime checks = new NettyCheckRuntime(1, 1)) {
            Commands.run(
                            "ip",
                            "link",
                            "add",
                            "eth0",
                            "netns",
                            ours,
                            "type",
                            "veth",
                            "peer",
                            "name",
                            "p0",
                            "netns",
                            peer.name())
                    .orThrow();
            daemonNs.execOrThrow("ip", "addr", "add", "10.61.0.1/24", "dev", "eth0");
            daemonNs.execOrThrow("ip", "link", "set", "eth0", "up");
            peer.execOrThrow("ip", "addr", "add", "10.61.0.2/24", "dev", "p0");
            peer.execOrThrow("ip", "link", "set", "p0", "up");
            // the real server exists only inside the daemon's namespace
            ServerSocket server = daemonNs.call(() -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(InetAddress.getByName("10.61.0.1"), PORT));
                return s;
            });
            KeepalivedPeer keepalived = KeepalivedPeer.start(peer, dir, "peer", PEER, "-P");

            Path nsOfScript = dir.resolve("script-ns.txt");
            Path script = Files.writeString(
                    dir.resolve("master.sh"), "#!/bin/sh\nreadlink /proc/self/ns/net > " + nsOfScript + "\n");
            script.toFile().setExecutable(true);
            Path conf = Files.writeString(dir.resolve("keepalived.conf"), config(ours, "10.61.0.100"));
            KeepalivedDaemon daemon = new KeepalivedDaemon();
            daemon.start("1", TestSettings.forFile(conf.toString()), null);
            assertTrue(daemon.lastLoad().ok(), daemon.lastLoad().toString());
            DaemonNetworkNamespace ns = daemon.networkNamespace();
            assertEquals(ours, ns.name());
            assertEquals(0, log.count("Created network namespace"), "it existed");

            NetlinkAddressManager addresses = NetlinkAddressManager.open(ns.name(), dir.resolve("state"));
            scripts.setNamespace(ns); // DS binds it when core registers it
            Engine vrrp = new Engine(addresses, scripts, ns);
            LvsSubsystem lvs = new LvsSubsystem(scripts, ns);
            lvs.addFactory(new TcpCheckFactory(checks));
            try {
                daemon.addSubsystem(vrrp);
                daemon.addSubsystem(lvs);

                CheckerHotDeployTest.await(
                        "VI_1 MASTER in " + ours,
                        () -> vrrp.instance("VI_1")
                                .map(v -> v.state() == InstanceState.MASTER)
                                .orElse(false));
                // the VIP in the named namespace, not in the one the daemon runs in
                CheckerHotDeployTest.await(
                        "the VIP on eth0 of " + ours, () -> addresses(daemonNs).contains("10.61.0.100/24"));
                assertFalse(Commands.run("ip", "-4", "-o", "addr").stdout().contains("10.61.0.100"));
                // notify_master ran inside the namespace, as keepalived's scripts do
                String inside = daemonNs.execOrThrow("readlink", "/proc/self/ns/net")
                        .stdout()
                        .strip();
                CheckerHotDeployTest.await(
                        "notify_master ran",
                        () -> Files.exists(nsOfScript) && !read(nsOfScript).isEmpty());
                assertEquals(inside, read(nsOfScript), "the script's network namespace");
                // keepalived hears our adverts on the wire: it stays (or goes back to) BACKUP, without the VIP
                CheckerHotDeployTest.await(
                        "keepalived BACKUP without the VIP",
                        () -> !addresses(peer).contains("10.61.0.100") && keepalived.isAlive());
                List<String> adverts = peer.vrrpAdverts("p0", 2, false);
                assertTrue(
                        adverts.stream()
                                .allMatch(l -> l.contains("10.61.0.1 > 224.0.0.18") && l.contains("vrid 61, prio 200")),
                        adverts::toString);
                assertFalse(addresses(peer).contains("10.61.0.100"), "keepalived stays BACKUP");

                // TCP_CHECK reaches the real server that only the named namespace has
                CheckerHotDeployTest.await(
                        "the real server up",
                        () -> realServer(lvs).up()
                                && realServer(lvs).checkers().get(0).attempts() > 0);
                server.close();
                CheckerHotDeployTest.await(
                        "the real server down once it closes",
                        () -> !realServer(lvs).up());

                // a reload naming another namespace is refused whole, as keepalived refuses it
                String other = prefix + "o";
                Files.writeString(conf, config(other, "10.61.0.101"));
                LoadResult refused = daemon.reload();
                assertEquals(LoadResult.Outcome.ERRORS, refused.outcome(), refused.toString());
                assertEquals(1, refused.errors().size(), refused.errors().toString());
                assertTrue(
                        refused.errors().get(0).startsWith(conf + ":1:")
                                && refused.errors().get(0).contains("net_namespace")
                                && refused.errors().get(0).contains("cannot change the network namespace at a reload"),
                        refused.errors().get(0));
                assertSame(refused, daemon.lastLoad());
                assertFalse(Files.exists(Path.of("/run/netns", other)), "the other namespace is not made");
                assertTrue(addresses(daemonNs).contains("10.61.0.100/24"), "the running VIP stays");
                assertFalse(addresses(daemonNs).contains("10.61.0.101"), "nothing of the file is applied");
                assertEquals(
                        InstanceState.MASTER,
                        vrrp.instance("VI_1").orElseThrow().state());
                // and so is one that drops the keyword
                Files.writeString(conf, config(ours, "10.61.0.101").replaceFirst("net_namespace \\S+\n", ""));
                LoadResult dropped = daemon.reload();
                assertEquals(LoadResult.Outcome.ERRORS, dropped.outcome(), dropped.toString());
                assertTrue(
                        dropped.errors().get(0).startsWith(conf + ":"),
                        dropped.errors().toString());
                assertTrue(
                        dropped.errors().get(0).contains("the file asks for none"),
                        dropped.errors().toString());
                // the preview says the same
                assertFalse(daemon.previewReload(conf).load().ok());
                // the same namespace reloads as usual
                Files.writeString(conf, config(ours, "10.61.0.101"));
                LoadResult same = daemon.reload();
                assertTrue(same.ok(), same.toString());
                CheckerHotDeployTest.await(
                        "the new VIP in " + ours, () -> addresses(daemonNs).contains("10.61.0.101/24"));
            } finally {
                daemon.deactivate();
                vrrp.close();
                lvs.deactivate();
                addresses.close();
            }
        }
    }

    @Test
    void aMissingNamespaceIsMadeAtStartAndOutlivesTheDaemon() throws Exception {
        String made = prefix + "m";
        Path conf = Files.writeString(dir.resolve("keepalived.conf"), config(made, "10.62.0.100"));
        assertFalse(Files.exists(Path.of("/run/netns", made)));
        KeepalivedDaemon daemon = new KeepalivedDaemon();
        try (CapturedLog log = new CapturedLog()) {
            daemon.start("1", TestSettings.forFile(conf.toString()), null);
            assertTrue(daemon.lastLoad().ok(), daemon.lastLoad().toString());
            assertEquals(1, log.count("Created network namespace " + made), log.text());
            assertTrue(Commands.run("ip", "netns", "list").stdout().contains(made));
            assertEquals(made, daemon.networkNamespace().name());
            // a namespace of its own: only its loopback
            assertEquals(
                    "lo",
                    Commands.run("ip", "netns", "exec", made, "ls", "/sys/class/net")
                            .orThrow()
                            .stdout()
                            .strip());
            daemon.deactivate();
            // keepalived removes no namespace at exit: neither do we
            assertTrue(Files.exists(Path.of("/run/netns", made)), "left in place, as ip netns add leaves it");
        } finally {
            Commands.run("ip", "netns", "delete", made);
        }
    }

    @Test
    void withoutTheKeywordEverythingStaysWhereTheDaemonStarted() throws Exception {
        Path conf = Files.writeString(
                dir.resolve("keepalived.conf"), config("x", "10.63.0.100").replaceFirst("net_namespace \\S+\n", ""));
        KeepalivedDaemon daemon = new KeepalivedDaemon();
        try {
            daemon.start("1", TestSettings.forFile(conf.toString()), null);
            assertNotNull(daemon.networkNamespace());
            assertNull(daemon.networkNamespace().name());
            assertTrue(daemon.networkNamespace().isStarting());
        } finally {
            daemon.deactivate();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static RealServerView realServer(LvsSubsystem lvs) {
        return lvs.virtualServers().get(0).realServers().get(0);
    }

    private static String addresses(Netns ns) {
        return ns.execOrThrow("ip", "-4", "-o", "addr").stdout();
    }
}
