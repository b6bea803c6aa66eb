package org.keepalivedj.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.CommandResult;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The distribution as an operator runs it (bin/keepalived -n in a namespace) with SNMP enabled:
 * the snmp bundle resolves with Netty's native epoll transport in the container, connects to
 * net-snmp's snmpd over its AgentX unix socket, and snmpwalk gets KEEPALIVED-MIB and VRRPv3-MIB
 * answers for the running instance.
 */
class SnmpIT {

    @TempDir
    Path tmp;

    @Test
    @RequiresRoot
    void theDistributionAnswersSnmpThroughSnmpd() throws Exception {
        Path socket = tmp.resolve("agentx.sock");
        Path snmpdConf = tmp.resolve("snmpd.conf");
        Files.writeString(snmpdConf, "master agentx\nagentXSocket " + socket + "\nagentaddress udp:127.0.0.1:11161\n"
                + "rocommunity public 127.0.0.1\n");
        Path conf = tmp.resolve("keepalived.conf");
        Files.writeString(conf, """
                global_defs {
                    router_id snmp-it
                    enable_snmp_vrrp
                    enable_snmp_rfcv3
                    snmp_socket unix:%s
                }
                vrrp_instance VI_1 {
                    state BACKUP
                    interface veth0
                    virtual_router_id 61
                    priority 120
                    advert_int 1
                    virtual_ipaddress {
                        192.0.2.61/24
                    }
                }
                """.formatted(socket));
        try (Netns ns = Netns.create("snmp-it")) {
            ns.execOrThrow("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
            ns.execOrThrow("ip", "link", "set", "veth0", "up");
            ns.execOrThrow("ip", "link", "set", "veth1", "up");
            ns.execOrThrow("ip", "addr", "add", "10.9.6.1/24", "dev", "veth0");
            ns.start("sh", "-c", "MIBS= exec /usr/sbin/snmpd -f -Lo -C -c '" + snmpdConf + "' -p '" + tmp.resolve("snmpd.pid")
                    + "' >>'" + tmp.resolve("snmpd.log") + "' 2>&1");
            Awaits.until("snmpd's AgentX socket", 10_000, () -> Files.exists(socket));
            LaunchedNode node = LaunchedNode.start(ns, tmp.resolve("data"), "-f", conf.toString());
            String[] last = {""};
            Awaits.until("VI_1 MASTER in KEEPALIVED-MIB and VRRPv3-MIB through snmpd", 120_000, () -> {
                CommandResult r = ns.exec("env", "MIBS=", "snmpget", "-v2c", "-c", "public", "-On", "-m", "",
                        "127.0.0.1:11161", ".1.3.6.1.4.1.9586.100.5.2.3.1.2.1", ".1.3.6.1.4.1.9586.100.5.2.3.1.4.1",
                        ".1.3.6.1.2.1.207.1.1.1.1.6.3.61.1");
                last[0] = r.stdout() + r.stderr();
                return last[0].contains(".1.3.6.1.4.1.9586.100.5.2.3.1.2.1 = STRING: \"VI_1\"")
                        && last[0].contains(".1.3.6.1.4.1.9586.100.5.2.3.1.4.1 = INTEGER: 2")
                        && last[0].contains(".1.3.6.1.2.1.207.1.1.1.1.6.3.61.1 = INTEGER: 3");
            });
            assertTrue(last[0].contains("VI_1"), last[0]);
            node.stop();
        }
    }
}
