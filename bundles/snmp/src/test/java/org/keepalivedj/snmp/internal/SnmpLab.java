package org.keepalivedj.snmp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.keepalivedj.testsupport.CommandResult;
import org.keepalivedj.testsupport.KeepalivedPeer;
import org.keepalivedj.testsupport.Netns;

/**
 * One test router: a namespace with veth0 (fixed MAC, 10.9.0.1/24) and its peer veth1, net-snmp's
 * snmpd as AgentX master on a socket in the lab's directory and UDP 127.0.0.1:11161 in the
 * namespace, and a VRRP daemon (keepalived 2.2.7 or keepalived-j with the agent) on a config.
 */
final class SnmpLab implements AutoCloseable {

    static final String MAC = "02:42:0a:09:00:01";
    private static final int PORT = 11161;
    private static final int TRAP_PORT = 11162;

    private final Netns ns;
    private final Path dir;
    private Process snmpd;
    private Process trapd;
    /** keepalived-j, from {@link #startKeepalivedJ}. */
    private Process daemon;

    private Process listener;
    private KeepalivedPeer keepalived;
    private KeepalivedPeer peer;
    private Netns peerNs;

    private SnmpLab(Netns ns, Path dir) {
        this.ns = ns;
        this.dir = dir;
    }

    static SnmpLab create(String name, Path dir) throws IOException {
        Files.createDirectories(dir);
        Netns ns = Netns.create(name);
        try {
            ns.execOrThrow("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
            ns.execOrThrow("ip", "link", "set", "veth0", "address", MAC);
            ns.execOrThrow("ip", "link", "set", "veth0", "up");
            ns.execOrThrow("ip", "link", "set", "veth1", "up");
            ns.execOrThrow("ip", "addr", "add", "10.9.0.1/24", "dev", "veth0");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return new SnmpLab(ns, dir);
    }

    Path socket() {
        return dir.resolve("agentx.sock");
    }

    Path log(String what) {
        return dir.resolve(what + ".log");
    }

    String logText(String what) {
        try {
            return Files.exists(log(what)) ? Files.readString(log(what)) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** snmptrapd on UDP 127.0.0.1:11162 in the namespace, logging every trap with numeric OIDs; snmpd sends there. */
    void startTrapd() throws IOException {
        Path conf = dir.resolve("snmptrapd.conf");
        Files.writeString(conf, "disableAuthorization yes\n");
        trapd = startLogged(
                "snmptrapd",
                List.of(
                        "env",
                        "MIBS=",
                        "/usr/sbin/snmptrapd",
                        "-f",
                        "-Lo",
                        "-On",
                        "-m",
                        "",
                        "-C",
                        "-c",
                        conf.toString(),
                        "-p",
                        dir.resolve("snmptrapd.pid").toString(),
                        "udp:127.0.0.1:" + TRAP_PORT));
        await(
                Duration.ofSeconds(10),
                () -> logText("snmptrapd").contains("NET-SNMP version") || !trapd.isAlive(),
                "snmptrapd");
        if (!trapd.isAlive()) {
            throw new IllegalStateException("snmptrapd exited: " + logText("snmptrapd"));
        }
    }

    /**
     * The VRRP notifications snmptrapd received, in order, each as its varbinds "OID = TYPE: value"
     * after sysUpTime.0 (snmpd's own coldStart and shutdown traps are left out).
     */
    List<List<String>> traps() {
        return traps(logText("snmptrapd"));
    }

    /** The notifications of a snmptrapd log ({@code -Lo -On}), as {@link #traps()} gives them. */
    static List<List<String>> traps(String log) {
        List<List<String>> traps = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (!line.startsWith(".1.3.6.1.2.1.1.3.0 = ")) {
                continue;
            }
            List<String> varBinds = new ArrayList<>(List.of(line.split("\t")));
            varBinds.remove(0);
            varBinds.replaceAll(String::strip);
            String trapOid = varBinds.isEmpty() ? "" : varBinds.get(0);
            if (trapOid.contains("OID: .1.3.6.1.4.1.9586.")
                    || trapOid.contains("OID: .1.3.6.1.2.1.68.")
                    || trapOid.contains("OID: .1.3.6.1.2.1.207.")) {
                traps.add(varBinds);
            }
        }
        return traps;
    }

    void startSnmpd() throws IOException {
        Path conf = dir.resolve("snmpd.conf");
        Files.writeString(
                conf,
                "master agentx\nagentXSocket " + socket() + "\nagentaddress udp:127.0.0.1:" + PORT
                        + "\nrocommunity public 127.0.0.1\nrwcommunity private 127.0.0.1\n"
                        + (trapd != null ? "trap2sink 127.0.0.1:" + TRAP_PORT + " public\n" : ""));
        Files.deleteIfExists(socket());
        snmpd = startLogged(
                "snmpd",
                List.of(
                        "env",
                        "MIBS=",
                        "/usr/sbin/snmpd",
                        "-f",
                        "-Lo",
                        "-C",
                        "-c",
                        conf.toString(),
                        "-p",
                        dir.resolve("snmpd.pid").toString()));
        await(Duration.ofSeconds(10), () -> Files.exists(socket()) || !snmpd.isAlive(), "snmpd's AgentX socket");
        if (!snmpd.isAlive()) {
            throw new IllegalStateException("snmpd exited: " + logText("snmpd"));
        }
    }

    /** A real server for TCP_CHECK: python's HTTP server on this address and port in the namespace. */
    /** Stops the listener started by {@link #startListener}, and waits for it to exit. */
    void stopListener() throws InterruptedException {
        listener.destroy();
        listener.waitFor();
    }

    void startListener(String address, int port) {
        listener = startLogged(
                "listener", List.of("python3", "-m", "http.server", "--bind", address, String.valueOf(port)));
        await(
                Duration.ofSeconds(10),
                () -> ns.exec("ss", "-Htln", "src", address + ":" + port)
                                .stdout()
                                .contains(":" + port)
                        || !listener.isAlive(),
                "a listener on " + address + ":" + port);
    }

    /** Runs a command in the lab's namespace. */
    CommandResult exec(String... command) {
        return ns.exec(command);
    }

    /** Stops snmpd as an operator restarting it would (SIGTERM), and waits for it to exit. */
    void stopSnmpd() throws InterruptedException {
        snmpd.destroy();
        snmpd.waitFor();
    }

    /**
     * Starts keepalived 2.2.7 with SNMP on this config text ({@code SOCKET} stands for the lab's
     * AgentX socket), its console in daemon.log.
     */
    void startKeepalived(String configTemplate) throws IOException {
        keepalived = KeepalivedPeer.start(ns, dir, "daemon", config(configTemplate), "-x");
    }

    /**
     * A second VRRP router on veth1 (10.9.0.2/24), moved into a namespace of its own (an advert from an
     * address of the same namespace would be dropped as martian), keepalived 2.2.7 without SNMP on
     * its own config, so that the router under test hears its adverts.
     */
    void startPeer(String config) throws IOException {
        startPeer(config, true);
    }

    /**
     * {@link #startPeer(String)} with keepalived's BFD process too (for a config of bfd_instances: a
     * neighbour for the router under test's sessions).
     */
    void startBfdPeer(String config) throws IOException {
        startPeer(config, false);
    }

    private void startPeer(String config, boolean vrrpOnly) throws IOException {
        peerNs = Netns.create(ns.name() + "p");
        ns.execOrThrow("ip", "link", "set", "veth1", "netns", peerNs.name());
        peerNs.execOrThrow("ip", "link", "set", "veth1", "up");
        peerNs.execOrThrow("ip", "addr", "add", "10.9.0.2/24", "dev", "veth1");
        peer = vrrpOnly
                ? KeepalivedPeer.start(peerNs, dir, "peer", config, "-P")
                : KeepalivedPeer.start(peerNs, dir, "peer", config);
    }

    /** A long-running command in the lab's namespace (a process to track); killed on close. */
    Process startProcess(String... command) {
        return ns.start(command);
    }

    void startKeepalivedJ(String configTemplate) throws IOException {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, config(configTemplate));
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        daemon = startLogged(
                "daemon",
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SnmpNodeMain.class.getName(),
                        conf.toString(),
                        data.toString()));
        await(
                Duration.ofSeconds(20),
                () -> logText("daemon").contains("STARTED") || !daemon.isAlive(),
                "keepalived-j start");
        if (!daemon.isAlive()) {
            throw new IllegalStateException("keepalived-j exited: " + logText("daemon"));
        }
    }

    private String config(String template) {
        return template.replace("SOCKET", "unix:" + socket());
    }

    private Process startLogged(String what, List<String> command) {
        return ns.startLogged(log(what), command);
    }

    /** snmpwalk (or snmpbulkwalk) of a subtree with numeric OIDs and no MIB files: OID to "TYPE: value". */
    Map<String, String> walk(String tool, String subtree) {
        CommandResult r = ns.exec(
                "env",
                "MIBS=",
                tool,
                "-v2c",
                "-c",
                "public",
                "-On",
                "-m",
                "",
                "-t",
                "2",
                "-r",
                "1",
                "127.0.0.1:" + PORT,
                subtree);
        Map<String, String> out = new LinkedHashMap<>();
        String last = null;
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf(" = ");
            if (line.startsWith(".") && eq > 0) {
                last = line.substring(0, eq);
                out.put(last, line.substring(eq + 3).strip());
            } else if (last != null && !line.isBlank()) {
                out.put(last, out.get(last) + " " + line.strip());
            }
        }
        return out;
    }

    /** snmpset of one object, with community private (read-write) or public (read-only). */
    CommandResult set(String community, String oid, String type, String value) {
        return ns.exec(
                "env",
                "MIBS=",
                "snmpset",
                "-v2c",
                "-c",
                community,
                "-On",
                "-m",
                "",
                "-t",
                "2",
                "-r",
                "0",
                "127.0.0.1:" + PORT,
                oid,
                type,
                value);
    }

    Map<String, String> walk(String subtree) {
        return walk("snmpwalk", subtree);
    }

    static void await(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() throws Exception {
        // stopped before the namespaces go: neither keepalived nor its children outlive the test
        if (keepalived != null) {
            keepalived.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (peerNs != null) {
            peerNs.close();
        }
        ns.close();
    }
}
