package org.keepalivedj.nft;

import java.util.ArrayList;
import java.util.List;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;

/**
 * An LVS-NAT layout in namespaces: a "director" on a bridge with the real servers (address .1 of
 * the servers' networks; servers .11, .12, ..., their default route via the director) and a client
 * on a veth of its own (director .1, client .2 of the client networks), forwarding on. The virtual
 * addresses sit on the director's client side. Networks are given as prefixes such as "10.72.1."
 * and "fd72:1::", each a /24 or a /64.
 */
record DirectorLab(NetLab lab, Netns director, List<Netns> servers, Netns client) implements AutoCloseable {

    static DirectorLab build(
            String servers4,
            String servers6,
            String clients4,
            String clients6,
            String vip,
            String vip6,
            String... names)
            throws Exception {
        NetLab lab = NetLab.create();
        try {
            Netns director = lab.node("dir", servers4 + "1/24", servers6 + "1/64");
            List<Netns> servers = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                Netns server = lab.node(names[i], servers4 + (11 + i) + "/24", servers6 + (11 + i) + "/64");
                server.execOrThrow("ip", "route", "add", "default", "via", servers4 + "1");
                server.execOrThrow("ip", "-6", "route", "add", "default", "via", servers6 + "1");
                servers.add(server);
            }
            Netns client = lab.namespace("cli");
            lab.vethPair(director, "c0", client, "eth0");
            NetLab.addAddress(director, "c0", clients4 + "1/24");
            NetLab.addAddress(director, "c0", vip + "/32");
            NetLab.addAddress(director, "c0", clients6 + "1/64");
            NetLab.addAddress(director, "c0", vip6 + "/128");
            NetLab.addAddress(client, "eth0", clients4 + "2/24");
            NetLab.addAddress(client, "eth0", clients6 + "2/64");
            client.execOrThrow("ip", "route", "add", "default", "via", clients4 + "1");
            client.execOrThrow("ip", "-6", "route", "add", "default", "via", clients6 + "1");
            director.execOrThrow("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            director.execOrThrow("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
            return new DirectorLab(lab, director, servers, client);
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        lab.close();
    }
}
