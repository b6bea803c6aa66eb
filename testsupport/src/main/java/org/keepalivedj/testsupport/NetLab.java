package org.keepalivedj.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A small network made of namespaces for one test: "nodes" each joined by a veth pair to one
 * bridge that lives in its own "switch" namespace. Nothing is created in the caller's namespace.
 * Names are unique per run ({@code kj-<pid>-<random>-<role>}) so {@link NetnsSweeper} can tell a
 * crashed run's leftovers from a live one. {@link #close()} removes everything it created.
 *
 * <pre>{@code
 * try (NetLab lab = NetLab.create()) {
 *     Netns a = lab.node("a", "10.9.0.1/24");
 *     Netns b = lab.node("b", "10.9.0.2/24");
 *     a.execOrThrow("ping", "-c1", "-W1", "10.9.0.2");
 * }
 * }</pre>
 */
public final class NetLab implements AutoCloseable {

    /** Name of the veth end inside every node. */
    public static final String NODE_INTERFACE = "eth0";
    /** Name of the bridge inside the switch namespace. */
    public static final String BRIDGE = "br0";
    /** Prefix of every namespace this library creates. */
    public static final String PREFIX = "kj-";

    private static final Pattern ROLE = Pattern.compile("[a-z0-9]{1,10}");

    private final String id;
    private final Map<String, Netns> namespaces = new LinkedHashMap<>();
    private Netns switchNs;
    private int portCounter;

    private NetLab(String id) {
        this.id = id;
    }

    public static NetLab create() {
        String random = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
        return new NetLab(PREFIX + ProcessHandle.current().pid() + "-" + random);
    }

    /** This lab's unique id, the prefix of all its namespace names. */
    public String id() {
        return id;
    }

    /** A bare namespace (loopback up, no links). */
    public synchronized Netns namespace(String role) {
        checkRole(role);
        if (namespaces.containsKey(role)) {
            throw new IllegalArgumentException("role " + role + " already exists in " + id);
        }
        Netns ns = Netns.create(id + "-" + role);
        namespaces.put(role, ns);
        return ns;
    }

    /**
     * A namespace plugged into the lab's bridge: interface {@value #NODE_INTERFACE} inside it, up,
     * with the given addresses (CIDR, IPv4 or IPv6). IPv6 duplicate address detection is off on
     * that interface, so its link-local address and the given ones are usable at once.
     */
    public synchronized Netns node(String role, String... addresses) {
        Netns bridgeNs = switchNamespace();
        Netns node = namespace(role);
        String port = portName(role);
        bridgeNs.execOrThrow(
                "ip", "link", "add", port, "type", "veth", "peer", "name", NODE_INTERFACE, "netns", node.name());
        bridgeNs.execOrThrow("ip", "link", "set", port, "master", BRIDGE, "up");
        // No IPv6 duplicate address detection: the link-local address is usable as soon as the
        // link is up (VRRPv3 over IPv6 sends from it).
        node.execOrThrow("sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/" + NODE_INTERFACE + "/accept_dad");
        for (String address : addresses) {
            addAddress(node, NODE_INTERFACE, address);
        }
        node.execOrThrow("ip", "link", "set", NODE_INTERFACE, "up");
        return node;
    }

    /**
     * Plugs one more interface of an existing namespace into a bridge (a LAN segment): the
     * default bridge {@value #BRIDGE} or another one, created on first use by this call. Use it
     * for nodes on two networks (a router, a load balancer between clients and servers).
     *
     * @param segment bridge name in the switch namespace (1-15 characters)
     * @param ifname  the interface's name inside the node
     */
    public synchronized void attach(Netns node, String segment, String ifname, String... addresses) {
        checkInterface(segment);
        checkInterface(ifname);
        Netns bridgeNs = switchNamespace();
        if (!bridgeNs.exec("ip", "link", "show", segment).ok()) {
            addSwitch(bridgeNs, segment);
        }
        String port = "p" + (portCounter++) + "-" + ifname;
        checkInterface(port);
        bridgeNs.execOrThrow("ip", "link", "add", port, "type", "veth", "peer", "name", ifname, "netns", node.name());
        bridgeNs.execOrThrow("ip", "link", "set", port, "master", segment, "up");
        node.execOrThrow("sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/" + ifname + "/accept_dad");
        for (String address : addresses) {
            addAddress(node, ifname, address);
        }
        node.execOrThrow("ip", "link", "set", ifname, "up");
    }

    /** A direct veth pair between two of this lab's namespaces, both ends up, no addresses. */
    public void vethPair(Netns a, String ifA, Netns b, String ifB) {
        checkInterface(ifA);
        checkInterface(ifB);
        a.execOrThrow("ip", "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", b.name());
        a.execOrThrow("ip", "link", "set", ifA, "up");
        b.execOrThrow("ip", "link", "set", ifB, "up");
    }

    /** Adds an address; IPv6 addresses skip DAD so they are usable at once. */
    public static void addAddress(Netns ns, String ifname, String cidr) {
        if (cidr.contains(":")) {
            ns.execOrThrow("ip", "-6", "addr", "add", cidr, "dev", ifname, "nodad");
        } else {
            ns.execOrThrow("ip", "addr", "add", cidr, "dev", ifname);
        }
    }

    /** The namespace holding the bridge, created on first use. */
    public synchronized Netns switchNamespace() {
        if (switchNs == null) {
            Netns ns = Netns.create(id + "-sw");
            switchNs = ns;
            addSwitch(ns, BRIDGE);
        }
        return switchNs;
    }

    /**
     * A bridge with no STP and no multicast snooping, up: it floods like a dumb switch, so VRRP
     * multicast and neighbour discovery reach every node at once.
     */
    private static void addSwitch(Netns ns, String bridge) {
        ns.execOrThrow(
                "ip",
                "link",
                "add",
                bridge,
                "type",
                "bridge",
                "stp_state",
                "0",
                "forward_delay",
                "0",
                "mcast_snooping",
                "0");
        ns.execOrThrow("ip", "link", "set", bridge, "up");
    }

    /** Name of the bridge port (in the switch namespace) that leads to the node with this role. */
    public static String portName(String role) {
        return "p-" + role;
    }

    public synchronized Netns get(String role) {
        Netns ns = namespaces.get(role);
        if (ns == null) {
            throw new IllegalArgumentException("no namespace with role " + role + " in " + id);
        }
        return ns;
    }

    /** Deletes every namespace (and with them every link) this lab made; reports all failures. */
    @Override
    public synchronized void close() {
        List<Netns> all = new ArrayList<>(namespaces.values());
        if (switchNs != null) {
            all.add(switchNs);
        }
        RuntimeException failure = null;
        for (Netns ns : all) {
            try {
                ns.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        namespaces.clear();
        switchNs = null;
        if (failure == null && !all.isEmpty()) {
            String left = Commands.run("ip", "netns", "list").stdout();
            if (left.contains(id + "-")) {
                failure = new IllegalStateException("namespaces of " + id + " left behind: " + left);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void checkRole(String role) {
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role must be 1-10 lower-case letters or digits: " + role);
        }
    }

    private static void checkInterface(String ifname) {
        if (ifname.isEmpty() || ifname.length() > 15) {
            throw new IllegalArgumentException("interface names are 1-15 characters: " + ifname);
        }
    }
}
