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
 * answers for the running instance and KEEPALIVED-MIB's virtual and real server rows; snmptrapd
 * gets the checker notifications; a realServerWeight set through snmpd shows in the RealServer MBean.
 */
class SnmpIT {

    @TempDir
    Path tmp;

    @Test
    @RequiresRoot
    void theDistributionAnswersSnmpThroughSnmpd() throws Exception {
        Path socket = tmp.resolve("agentx.sock");
        Path snmpdConf = tmp.resolve("snmpd.conf");
        Files.writeString(
                snmpdConf,
                "master agentx\nagentXSocket " + socket + "\nagentaddress udp:127.0.0.1:11161\n"
                        + "rocommunity public 127.0.0.1\nrwcommunity private 127.0.0.1\ntrap2sink 127.0.0.1:11162 public\n");
        Path trapdConf = tmp.resolve("snmptrapd.conf");
        Files.writeString(trapdConf, "disableAuthorization yes\n");
        Path trapLog = tmp.resolve("snmptrapd.log");
        Path conf = tmp.resolve("keepalived.conf");
        Files.writeString(conf, """
                global_defs {
                    router_id snmp-it
                    enable_snmp_vrrp
                    enable_snmp_rfcv3
                    enable_snmp_checker
                    enable_traps
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
                virtual_server 10.9.6.1 80 {
                    delay_loop 1
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 10.9.6.2 80 {
                        weight 3
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """.formatted(socket));
        try (Netns ns = Netns.create("snmp-it")) {
            ns.execOrThrow("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
            ns.execOrThrow("ip", "link", "set", "veth0", "up");
            ns.execOrThrow("ip", "link", "set", "veth1", "up");
            ns.execOrThrow("ip", "addr", "add", "10.9.6.1/24", "dev", "veth0");
            ns.start(
                    "sh",
                    "-c",
                    "MIBS= exec /usr/sbin/snmptrapd -f -Lo -On -m '' -C -c '" + trapdConf + "' -p '"
                            + tmp.resolve("snmptrapd.pid") + "' udp:127.0.0.1:11162 >>'" + trapLog + "' 2>&1");
            ns.start(
                    "sh",
                    "-c",
                    "MIBS= exec /usr/sbin/snmpd -f -Lo -C -c '" + snmpdConf + "' -p '" + tmp.resolve("snmpd.pid")
                            + "' >>'" + tmp.resolve("snmpd.log") + "' 2>&1");
            Awaits.until("snmpd's AgentX socket", 10_000, () -> Files.exists(socket));
            LaunchedNode node = LaunchedNode.start(ns, tmp.resolve("data"), "-f", conf.toString());
            String[] last = {""};
            Awaits.until("VI_1 MASTER in KEEPALIVED-MIB and VRRPv3-MIB through snmpd", 120_000, () -> {
                CommandResult r = ns.exec(
                        "env",
                        "MIBS=",
                        "snmpget",
                        "-v2c",
                        "-c",
                        "public",
                        "-On",
                        "-m",
                        "",
                        "127.0.0.1:11161",
                        ".1.3.6.1.4.1.9586.100.5.2.3.1.2.1",
                        ".1.3.6.1.4.1.9586.100.5.2.3.1.4.1",
                        ".1.3.6.1.2.1.207.1.1.1.1.6.3.61.1");
                last[0] = r.stdout() + r.stderr();
                return last[0].contains(".1.3.6.1.4.1.9586.100.5.2.3.1.2.1 = STRING: \"VI_1\"")
                        && last[0].contains(".1.3.6.1.4.1.9586.100.5.2.3.1.4.1 = INTEGER: 2")
                        && last[0].contains(".1.3.6.1.2.1.207.1.1.1.1.6.3.61.1 = INTEGER: 3");
            });
            assertTrue(last[0].contains("VI_1"), last[0]);
            // the check part: nothing listens on 10.9.6.2:80, so the real server goes down and the quorum fails
            String vs = ".1.3.6.1.4.1.9586.100.5.3.3.1.";
            String rs = ".1.3.6.1.4.1.9586.100.5.3.4.1.";
            Awaits.until("the real server down in KEEPALIVED-MIB", 60_000, () -> {
                CommandResult r = ns.exec(
                        "env",
                        "MIBS=",
                        "snmpwalk",
                        "-v2c",
                        "-c",
                        "public",
                        "-On",
                        "-m",
                        "",
                        "127.0.0.1:11161",
                        ".1.3.6.1.4.1.9586.100.5.3");
                last[0] = r.stdout() + r.stderr();
                // the real server's row and its virtual server's counts change one after the other:
                // wait for a walk that has both
                return last[0].contains(rs + "6.1.1 = INTEGER: 2")
                        && last[0].contains(vs + "21.1 = Gauge32: 0")
                        && last[0].contains(vs + "23.1 = INTEGER: 2");
            });
            for (String expected : new String[] {
                vs + "2.1 = INTEGER: 2",
                vs + "6.1 = Hex-STRING: 0A 09 06 01",
                vs + "7.1 = Gauge32: 80",
                vs + "8.1 = INTEGER: 1",
                vs + "20.1 = Gauge32: 1",
                vs + "21.1 = Gauge32: 0",
                vs + "23.1 = INTEGER: 2",
                rs + "4.1.1 = Hex-STRING: 0A 09 06 02",
                rs + "5.1.1 = Gauge32: 80",
                rs + "7.1.1 = INTEGER: 3"
            }) {
                assertTrue(last[0].contains(expected), expected + " in " + last[0]);
            }
            // and the notifications of the down real server and the lost quorum reached snmptrapd
            Awaits.until("realServerStateChange and virtualServerQuorumStateChange at snmptrapd", 30_000, () -> {
                String traps = Files.exists(trapLog) ? Files.readString(trapLog) : "";
                last[0] = traps;
                return traps.lines()
                                .anyMatch(l -> l.contains("OID: .1.3.6.1.4.1.9586.100.5.3.5.0.1")
                                        && l.contains(rs + "6 = INTEGER: 2")
                                        && l.contains(rs + "4 = Hex-STRING: 0A 09 06 02"))
                        && traps.lines()
                                .anyMatch(l -> l.contains("OID: .1.3.6.1.4.1.9586.100.5.3.5.0.2")
                                        && l.contains(vs + "23 = INTEGER: 2")
                                        && l.contains(vs + "6 = Hex-STRING: 0A 09 06 01"));
            });
            // realServerWeight is read-write: a set through the read-write community is the JMX
            // setWeight, so the RealServer MBean shows it
            CommandResult set = ns.exec(
                    "env",
                    "MIBS=",
                    "snmpset",
                    "-v2c",
                    "-c",
                    "private",
                    "-On",
                    "-m",
                    "",
                    "127.0.0.1:11161",
                    rs + "7.1.1",
                    "i",
                    "7");
            assertTrue(
                    set.exitCode() == 0 && set.stdout().contains(rs + "7.1.1 = INTEGER: 7"),
                    set.stdout() + set.stderr() + node.logTail(20));
            String mbean = "keepalived:type=RealServer,virtualServer=\"10.9.6.1:80/tcp\",name=\"10.9.6.2:80\"";
            Awaits.until("the RealServer MBean's Weight 7 after the SNMP set", 60_000, () -> {
                String body = node.post(
                        "{\"type\":\"read\",\"mbean\":\"" + mbean.replace("\"", "\\\"") + "\"}", "viewer:viewer");
                last[0] = String.valueOf(body);
                return body != null && body.contains("\"Weight\":7");
            });
            assertTrue(last[0].contains("\"ConfiguredWeight\":3"), last[0]);
            node.stop();
        }
    }
}
