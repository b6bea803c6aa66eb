package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.nft.LibNftTables;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * accept / no_accept with real traffic: a client in a neighbour namespace pings and connects to
 * the VIP of our MASTER. With no_accept both fail (the primary address still answers), with
 * accept both work, and stopping removes our nftables table. nftables is programmed through the
 * nft bundle's {@link LibNftTables}, as in the container; the nft command only reads it back.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class AcceptModeNamespaceTest {

    private static final String VIP = "192.0.2.130";
    private static final int PORT = 18130;

    @BeforeEach
    void needsTools() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/nft")), "nft (Debian package nftables) is not installed");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/busybox")), "busybox (for ping) is not installed");
    }

    private static String conf(String mode) {
        return "global_defs {\n  vrrp_version 3\n}\nvrrp_instance VI_A {\n  state BACKUP\n  interface eth0\n"
                + "  virtual_router_id 30\n  priority 150\n  advert_int 0.1\n  " + mode + "\n"
                + "  virtual_ipaddress {\n    " + VIP + "/24 dev eth0\n  }\n}\n";
    }

    @Test
    void noAcceptMasterRefusesTrafficToTheVipAndAcceptTakesIt(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfigLoader loader = KeepalivedConfigLoader.withBuiltinCheckers();
        KeepalivedConfig noAccept =
                loader.load(conf("no_accept"), "no_accept.conf", dir).config();
        KeepalivedConfig accept =
                loader.load(conf("accept"), "accept.conf", dir).config();
        Netns us = lab.node("us", "192.0.2.1/24");
        Netns client = lab.node("client", "192.0.2.2/24");
        ServerSocket server = us.call(() -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress("0.0.0.0", PORT));
            return s;
        });
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try (Socket ignored = server.accept()) {
                            // connection accepted: that is all the client checks
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "accept-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        LibNftTables nftables = new LibNftTables();
        VrrpEngine engine =
                us.call(() -> VrrpEngine.builder(addresses).nftables(nftables).start());
        try {
            us.run(() -> engine.apply(noAccept));
            await(() -> engine.instance("VI_A").orElseThrow().state() == InstanceState.MASTER);
            await(() ->
                    us.exec("ip", "-o", "addr", "show", "dev", "eth0").stdout().contains(VIP + "/"));
            assertTrue(us.exec("nft", "list", "table", "inet", "keepalivedj_vrrp")
                    .stdout()
                    .contains(VIP));
            // the host answers on its own address, so a failure below is the rule, not the lab
            await(() -> ping(client, "192.0.2.1") && connects(client, "192.0.2.1"));
            assertFalse(ping(client, VIP), "no_accept: ping to the VIP is dropped");
            assertFalse(connects(client, VIP), "no_accept: TCP to the VIP is dropped");

            us.run(() -> engine.apply(accept)); // a changed instance restarts with its new mode
            await(() -> engine.instance("VI_A").orElseThrow().state() == InstanceState.MASTER);
            await(() -> ping(client, VIP) && connects(client, VIP));
            assertFalse(
                    us.exec("nft", "list", "tables").stdout().contains("keepalivedj_vrrp"),
                    "with nothing to drop, our table is gone");

            us.run(() -> engine.apply(noAccept));
            await(() -> engine.instance("VI_A").orElseThrow().state() == InstanceState.MASTER);
            await(() -> !connects(client, VIP));
            engine.stop();
            assertFalse(
                    us.exec("nft", "list", "tables").stdout().contains("keepalivedj_vrrp"), "stop removes our table");
        } finally {
            engine.close();
            nftables.close();
            addresses.close();
            server.close();
        }
    }

    @Test
    void aTableLeftByACrashedRunIsRemovedAtStart(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig accept = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(conf("accept"), "accept.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        // What a SIGKILLed no_accept master leaves behind: our table, dropping packets to the VIP.
        us.execOrThrow(
                "nft",
                "add table inet keepalivedj_vrrp; add chain inet keepalivedj_vrrp input "
                        + "{ type filter hook input priority -1; policy accept; }; add rule inet keepalivedj_vrrp input ip daddr "
                        + VIP + " drop");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        LibNftTables nftables = new LibNftTables();
        VrrpEngine engine =
                us.call(() -> VrrpEngine.builder(addresses).nftables(nftables).start());
        try {
            us.run(() -> engine.apply(accept));
            assertFalse(
                    us.exec("nft", "list", "tables").stdout().contains("keepalivedj_vrrp"),
                    "the stale table is gone before the accept-mode instance runs");
        } finally {
            engine.close();
            nftables.close();
            addresses.close();
        }
    }

    @Test
    void withoutTheNftablesServiceNoAcceptStillRunsButDropsNothing(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig noAccept = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(conf("no_accept"), "no_accept.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        Netns client = lab.node("client", "192.0.2.2/24");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start()); // no NftTables: logs an error
        try {
            us.run(() -> engine.apply(noAccept));
            await(() -> engine.instance("VI_A").orElseThrow().state() == InstanceState.MASTER);
            await(() -> ping(client, VIP));
            assertFalse(us.exec("nft", "list", "tables").stdout().contains("keepalivedj_vrrp"));
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static boolean ping(Netns from, String address) {
        return from.exec("busybox", "ping", "-c", "1", "-W", "1", address).exitCode() == 0;
    }

    private static boolean connects(Netns from, String address) {
        try {
            return from.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, PORT), 1000);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
