package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.daemon.LoadResult.Outcome;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.lvs.internal.LvsSubsystem;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.netlink.NetlinkMonitor;
import org.keepalivedj.netlink.NetworkNamespace;
import org.keepalivedj.netlink.RtNetlink;
import org.keepalivedj.staticnet.internal.StaticNetworkSubsystem;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;
import org.keepalivedj.testsupport.dumps.MiniJson;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * Reload with one value made wrong, for every keyword the engines act on: the daemon with the real
 * VRRP engine, static network and LVS subsystems in one namespace, one mutated file after another.
 * After each reload whatever the mutated file still lists with valid values is still there (VIPs,
 * excluded addresses, routes, rules and static addresses in the kernel, read with {@code ip -j}; real
 * servers in the LVS runtime view), the untouched VI_2 is MASTER with its last transition unchanged,
 * and the load is ERRORS (then the kernel is exactly as before) or applied with the mutated line
 * reported. Restoring the good file brings the kernel back exactly. Prints a report; fails with the
 * list of mutations that broke a guarantee.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class ReloadMutationNamespaceTest {
    /** @DIR@ is the test's directory, @P1@ and @P2@ the real servers' ports. */
    private static final String GOOD = """
            global_defs {
                vrrp_version 3
            }
            vrrp_script chk_ok {
                script "/bin/true"
                interval 1
                weight 0
                user nobody
            }
            track_file tf_ok {
                file "@DIR@/track"
                weight 0
            }
            vrrp_sync_group G1 {
                group {
                    VI_1
                    VI_3
                }
                track_interface {
                    lan1
                }
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 0.1
                track_interface {
                    lan1 weight 10
                }
                track_script {
                    chk_ok weight 5
                }
                track_file {
                    tf_ok weight 5
                }
                virtual_ipaddress {
                    10.20.0.100/24 dev eth0
                    10.20.0.101/24 dev eth0 scope global label eth0:vip
                    10.30.0.100/24 dev lan1 brd 10.30.0.255
                    10.20.0.102/32 dev eth0 scope link
                }
                virtual_ipaddress_excluded {
                    10.40.0.100/24 dev lan1
                }
                virtual_routes {
                    10.50.0.0/24 via 10.20.0.254 dev eth0
                    10.51.0.0/24 dev lan1 table 100 metric 10
                    10.52.0.0/24 via 10.30.0.254 table main src 10.30.0.1
                    10.53.0.0/24 dev eth0 scope link
                    blackhole 10.54.0.0/24 table 101
                    unreachable 10.55.0.0/24 metric 20
                }
                virtual_rules {
                    from 10.60.0.0/24 table 100 priority 1000
                    to 10.61.0.0/24 table 101 priority 1001
                    fwmark 7 table 100 priority 1002
                    iif lan1 table 101 priority 1003
                    oif eth0 table 100 priority 1004
                }
            }
            vrrp_instance VI_2 {
                state BACKUP
                interface eth0
                virtual_router_id 52
                priority 150
                advert_int 0.1
                virtual_ipaddress {
                    10.20.0.120/24 dev eth0
                }
            }
            vrrp_instance VI_3 {
                state BACKUP
                interface eth0
                virtual_router_id 53
                priority 150
                advert_int 0.1
                virtual_ipaddress {
                    10.20.0.130/24 dev eth0
                }
            }
            static_ipaddress {
                10.70.0.1/24 dev lan1
                10.71.0.1/24 dev eth0 scope link label eth0:st
            }
            static_routes {
                10.72.0.0/24 via 10.70.0.254 dev lan1
                10.73.0.0/24 dev eth0 table 102 metric 5
            }
            static_rules {
                from 10.74.0.0/24 table 102 priority 2000
                fwmark 9 table main priority 2001
            }
            virtual_server 10.20.0.100 80 {
                delay_loop 0.5
                lvs_sched rr
                lvs_method NAT
                protocol TCP
                real_server 127.0.0.1 @P1@ {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 1
                    }
                }
                real_server 127.0.0.1 @P2@ {
                    weight 2
                    TCP_CHECK {
                        connect_timeout 2
                    }
                }
            }
            """;

    /** What the good file puts in the kernel: the line that declares it, and how it reads in {@link #snapshot}. */
    private static final List<Expected> KERNEL = List.of(
            new Expected("10.20.0.100/24 dev eth0", "addr eth0 10.20.0.100/24"),
            new Expected("10.20.0.101/24 dev eth0", "addr eth0 10.20.0.101/24 scope=global label=eth0:vip"),
            new Expected("10.30.0.100/24 dev lan1", "addr lan1 10.30.0.100/24 scope=global label=lan1 brd=10.30.0.255"),
            new Expected("10.20.0.102/32 dev eth0", "addr eth0 10.20.0.102/32 scope=link"),
            new Expected("10.40.0.100/24 dev lan1", "addr lan1 10.40.0.100/24"),
            new Expected("VI_2>>10.20.0.120/24 dev eth0", "addr eth0 10.20.0.120/24"),
            new Expected("VI_3>>10.20.0.130/24 dev eth0", "addr eth0 10.20.0.130/24"),
            new Expected("10.70.0.1/24 dev lan1", "addr lan1 10.70.0.1/24"),
            new Expected("10.71.0.1/24 dev eth0", "addr eth0 10.71.0.1/24 scope=link label=eth0:st"),
            new Expected("10.50.0.0/24 via", "route 10.50.0.0/24 table=main dev=eth0 gateway=10.20.0.254"),
            new Expected("10.51.0.0/24 dev lan1", "route 10.51.0.0/24 table=100 dev=lan1 metric=10"),
            new Expected(
                    "10.52.0.0/24 via", "route 10.52.0.0/24 table=main dev=lan1 gateway=10.30.0.254 prefsrc=10.30.0.1"),
            new Expected("10.53.0.0/24 dev eth0", "route 10.53.0.0/24 table=main dev=eth0"),
            new Expected("blackhole 10.54.0.0/24", "route 10.54.0.0/24 table=101 type=blackhole"),
            new Expected("unreachable 10.55.0.0/24", "route 10.55.0.0/24 table=main metric=20 type=unreachable"),
            new Expected("10.72.0.0/24 via", "route 10.72.0.0/24 table=main dev=lan1 gateway=10.70.0.254"),
            new Expected("10.73.0.0/24 dev eth0", "route 10.73.0.0/24 table=102 dev=eth0 metric=5"),
            new Expected("priority 1000", "rule priority=1000 src=10.60.0.0 srclen=24 table=100"),
            new Expected("priority 1001", "rule priority=1001 dst=10.61.0.0 dstlen=24 table=101"),
            new Expected("priority 1002", "rule priority=1002 fwmark=0x7 table=100"),
            new Expected("priority 1003", "rule priority=1003 iif=lan1 table=101"),
            new Expected("priority 1004", "rule priority=1004 oif=eth0 table=100"),
            new Expected("priority 2000", "rule priority=2000 src=10.74.0.0 srclen=24 table=102"),
            new Expected("priority 2001", "rule priority=2001 fwmark=0x9 table=main"));

    /** One kernel object of the good file: the anchor of its config line, and the words its snapshot line has. */
    private record Expected(String anchor, String reads) {
        boolean in(Set<String> snapshot) {
            List<String> words = List.of(reads.split(" "));
            return snapshot.stream().anyMatch(l -> List.of(l.split(" ")).containsAll(words));
        }
    }

    /**
     * One value made wrong: on the line {@code anchor} names, {@code from} replaced by {@code to}; the
     * load names that line or, for a value whose problem is reported where its object is declared,
     * the line {@code reportedAt} names. With {@code to} null the line is removed, as a load that drops
     * a bad item with a warning does: the file is valid and the rest must run on without a gap.
     */
    private record Mutation(String keyword, String anchor, String from, String to, String reportedAt) {
        @Override
        public String toString() {
            return keyword + ": " + (to == null ? "line removed" : "'" + from + "' -> '" + to + "'");
        }
    }

    private static final List<Mutation> MUTATIONS = mutations();

    private static List<Mutation> mutations() {
        List<Mutation> m = new ArrayList<>();
        // virtual_ipaddress: address, prefix, dev, scope, label, brd, unknown option, dangling track_group
        String vip = "10.20.0.101/24 dev eth0 scope global label eth0:vip";
        add(
                m,
                "virtual_ipaddress address",
                vip,
                "10.20.0.101/24",
                "10.20.0.999/24",
                "10.20.0/24",
                "banana/24",
                "10.20.0.101.7/24",
                "2001:db8::101/64",
                "");
        add(
                m,
                "virtual_ipaddress prefix",
                vip,
                "10.20.0.101/24",
                "10.20.0.101/33",
                "10.20.0.101/-1",
                "10.20.0.101/abc",
                "10.20.0.101/");
        add(m, "virtual_ipaddress dev", vip, "dev eth0", "dev ghost0", "dev a/b", "dev waytoolonginterface0");
        add(m, "virtual_ipaddress dev", "10.20.0.100/24 dev eth0", "dev eth0", "dev");
        add(m, "virtual_ipaddress scope", vip, "scope global", "scope bogus", "scope 300", "scope -1");
        add(m, "virtual_ipaddress scope", "10.20.0.102/32 dev eth0", "scope link", "scope");
        add(m, "virtual_ipaddress label", vip, "label eth0:vip", "label eth0:waytoolonglabel", "label");
        add(
                m,
                "virtual_ipaddress brd",
                "10.30.0.100/24 dev lan1",
                "brd 10.30.0.255",
                "brd 10.30.0.2555",
                "brd banana",
                "brd 2001:db8::ff",
                "brd",
                "brd 10.30.0.255 frobnicate");
        add(
                m,
                "virtual_ipaddress track_group",
                "10.20.0.100/24 dev eth0",
                "dev eth0",
                "dev eth0 track_group nosuchgroup");
        add(
                m,
                "virtual_ipaddress_excluded",
                "10.40.0.100/24 dev lan1",
                "10.40.0.100/24 dev lan1",
                "10.40.0.300/24 dev lan1",
                "10.40.0.100/40 dev lan1",
                "10.40.0.100/24 dev ghost0",
                "10.40.0.100/24 dev lan1 scope bogus",
                "10.40.0.100/24 dev lan1 label lan1:waytoolonglabel");
        // virtual_routes: destination, via, dev, table (number and name), metric, src, scope, type
        add(
                m,
                "virtual_routes destination",
                "10.51.0.0/24 dev lan1",
                "10.51.0.0/24",
                "10.51.0.0/33",
                "10.51.0.256/24",
                "banana",
                "10.51.0.0/x");
        add(
                m,
                "virtual_routes via",
                "10.50.0.0/24 via",
                "via 10.20.0.254",
                "via 10.20.0.2544",
                "via banana",
                "via 2001:db8::1",
                "via");
        add(m, "virtual_routes dev", "10.51.0.0/24 dev lan1", "dev lan1", "dev ghost0", "dev a/b", "dev");
        add(
                m,
                "virtual_routes table",
                "10.51.0.0/24 dev lan1",
                "table 100",
                "table 4294967296",
                "table -1",
                "table nosuchtable",
                "table");
        add(m, "virtual_routes table", "10.52.0.0/24 via", "table main", "table mian");
        add(
                m,
                "virtual_routes metric",
                "10.51.0.0/24 dev lan1",
                "metric 10",
                "metric -5",
                "metric 4294967296",
                "metric ten",
                "metric");
        add(
                m,
                "virtual_routes src",
                "10.52.0.0/24 via",
                "src 10.30.0.1",
                "src 10.30.0.999",
                "src banana",
                "src 2001:db8::1",
                "src");
        add(m, "virtual_routes scope", "10.53.0.0/24 dev eth0", "scope link", "scope bogus", "scope 256", "scope");
        add(m, "virtual_routes type", "blackhole 10.54.0.0/24", "blackhole", "blackholes", "prohibited");
        add(m, "virtual_routes type", "unreachable 10.55.0.0/24", "10.55.0.0/24", "10.55.0.0/99");
        // virtual_rules: from, to, table, priority, fwmark, iif, oif
        add(
                m,
                "virtual_rules from",
                "priority 1000",
                "from 10.60.0.0/24",
                "from 10.60.0.0/33",
                "from banana",
                "from 10.60.0.256/24",
                "from");
        add(m, "virtual_rules to", "priority 1001", "to 10.61.0.0/24", "to 10.61.0.0/40", "to 10.61.0.256/24", "to");
        add(m, "virtual_rules table", "priority 1001", "table 101", "table nosuchtable", "table 99999999999", "table");
        add(
                m,
                "virtual_rules priority",
                "priority 1002",
                "priority 1002",
                "priority -1",
                "priority 4294967296",
                "priority high");
        add(
                m,
                "virtual_rules fwmark",
                "priority 1002",
                "fwmark 7",
                "fwmark 0x1ffffffff",
                "fwmark seven",
                "fwmark 7/banana",
                "fwmark");
        add(m, "virtual_rules iif", "priority 1003", "iif lan1", "iif a/b", "iif waytoolonginterface0", "iif");
        add(m, "virtual_rules oif", "priority 1004", "oif eth0", "oif a/b", "oif waytoolonginterface0", "oif");
        // static_ipaddress, static_routes, static_rules
        add(
                m,
                "static_ipaddress",
                "10.70.0.1/24 dev lan1",
                "10.70.0.1/24 dev lan1",
                "10.70.0.1/33 dev lan1",
                "10.70.0.256/24 dev lan1",
                "10.70.0.1/24 dev ghost0",
                "10.70.0.1/24 dev lan1 scope bogus",
                "10.70.0.1/24 dev",
                "banana dev lan1");
        add(m, "static_ipaddress label", "10.71.0.1/24 dev eth0", "label eth0:st", "label eth0:waytoolonglabel");
        add(m, "static_routes via", "10.72.0.0/24 via", "via 10.70.0.254", "via 10.70.0.2544", "via");
        add(m, "static_routes dev", "10.72.0.0/24 via", "dev lan1", "dev a/b");
        add(m, "static_routes table", "10.73.0.0/24 dev eth0", "table 102", "table nosuchtable", "table -2");
        add(m, "static_routes metric", "10.73.0.0/24 dev eth0", "metric 5", "metric five", "metric");
        add(m, "static_routes destination", "10.73.0.0/24 dev eth0", "10.73.0.0/24", "10.73.0.0/33");
        add(m, "static_rules priority", "priority 2000", "priority 2000", "priority -1", "priority");
        add(m, "static_rules from", "priority 2000", "from 10.74.0.0/24", "from 10.74.0.0/99");
        add(m, "static_rules table", "priority 2001", "table main", "table mian");
        add(m, "static_rules fwmark", "priority 2001", "fwmark 9", "fwmark nine");
        // tracking: track_interface, track_script, track_file, vrrp_script, track_file block, sync group
        add(
                m,
                "track_interface",
                "lan1 weight 10",
                "lan1 weight 10",
                "ghost0 weight 10",
                "lan1 weight 300",
                "lan1 weight ten",
                "lan1 weight",
                "lan1 frob",
                "a/b");
        add(
                m,
                "track_script",
                "chk_ok weight 5",
                "chk_ok weight 5",
                "chk_missing weight 5",
                "chk_ok weight 300",
                "chk_ok weight x",
                "chk_ok sideways");
        add(
                m,
                "track_file",
                "tf_ok weight 5",
                "tf_ok weight 5",
                "tf_missing weight 5",
                "tf_ok weight 300",
                "tf_ok weight");
        add(
                m,
                "vrrp_script interval",
                "interval 1",
                "interval 1",
                "interval 0",
                "interval -1",
                "interval abc",
                "interval");
        add(m, "vrrp_script weight", "chk_ok {>>weight 0", "weight 0", "weight 300", "weight abc", "weight 1 sideways");
        add(m, "vrrp_script user", "user nobody", "user nobody", "user nosuchuser", "user");
        add(m, "track_file weight", "tf_ok {>>weight 0", "weight 0", "weight 300", "weight abc");
        add(m, "vrrp_sync_group group", "group {>>VI_3", "VI_3", "VI_9");
        add(m, "vrrp_sync_group track_interface", "G1>>lan1", "lan1", "ghost0", "lan1 weight 999");
        // the instance itself
        // a link that is missing is refused for the instance, reported at its vrrp_instance line
        for (String to : List.of("ghost0", "a/b")) {
            m.add(new Mutation("interface", "VI_1>>interface eth0", "eth0", to, "vrrp_instance VI_1"));
        }
        add(m, "virtual_router_id", "virtual_router_id 51", "51", "0", "256", "abc");
        // the clash is reported at the instance that comes second, VI_2
        m.add(new Mutation("virtual_router_id", "virtual_router_id 51", "51", "52", "vrrp_instance VI_2"));
        add(m, "priority", "VI_1>>priority 150", "150", "0", "256", "abc");
        add(m, "advert_int", "VI_1>>advert_int 0.1", "0.1", "0", "50", "abc", "0.001");
        // virtual_server and real_server
        add(m, "real_server weight", "weight 1", "weight 1", "weight -1", "weight 70000", "weight one");
        add(
                m,
                "real_server address",
                "real_server 127.0.0.1 @P2@",
                "127.0.0.1 @P2@",
                "127.0.0.1 99999",
                "127.0.0.999 @P2@",
                "banana @P2@");
        add(m, "delay_loop", "delay_loop 0.5", "0.5", "0", "-1", "x");
        add(m, "connect_timeout", "connect_timeout 1", "1", "0", "-3", "x");
        // what a load that drops a bad item with a warning runs: VI_1 changes, the rest of it stays in place
        removed(
                m,
                "virtual_ipaddress",
                "10.20.0.100/24 dev eth0",
                "10.20.0.101/24 dev eth0",
                "10.30.0.100/24 dev lan1");
        removed(m, "virtual_ipaddress_excluded", "10.40.0.100/24 dev lan1");
        removed(m, "virtual_routes", "10.50.0.0/24 via", "10.51.0.0/24 dev lan1", "blackhole 10.54.0.0/24");
        removed(m, "virtual_rules", "priority 1000", "priority 1003");
        removed(m, "track_interface", "lan1 weight 10");
        removed(m, "track_script", "chk_ok weight 5");
        removed(m, "static_ipaddress", "10.70.0.1/24 dev lan1");
        removed(m, "static_routes", "10.73.0.0/24 dev eth0");
        removed(m, "static_rules", "priority 2001");
        return List.copyOf(m);
    }

    private static void add(List<Mutation> m, String keyword, String anchor, String from, String... tos) {
        for (String to : tos) {
            m.add(new Mutation(keyword, anchor, from, to, null));
        }
    }

    private static void removed(List<Mutation> m, String keyword, String... anchors) {
        for (String anchor : anchors) {
            m.add(new Mutation(keyword + " (line dropped)", anchor, null, null, null));
        }
    }

    @TempDir
    Path dir;

    @Test
    void everyMutatedValueCostsItsOwnLineAtMostAndTheGoodFileBringsEverythingBack(NetLab lab) throws Exception {
        long started = System.nanoTime();
        Netns us = lab.node("us", "10.20.0.1/24");
        us.execOrThrow("ip", "link", "add", "lan1", "type", "veth", "peer", "name", "lan1p");
        us.execOrThrow("ip", "addr", "add", "10.30.0.1/24", "dev", "lan1");
        us.execOrThrow("ip", "link", "set", "lan1p", "up");
        us.execOrThrow("ip", "link", "set", "lan1", "up");
        Files.writeString(dir.resolve("track"), "0\n");
        try (ServerSocket rs1 = accepting(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
                ServerSocket rs2 = accepting(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
                ConnectCheckFactory tcp = new ConnectCheckFactory("TCP_CHECK")) {
            String good = GOOD.replace("@DIR@", dir.toString())
                    .replace("@P1@", "" + rs1.getLocalPort())
                    .replace("@P2@", "" + rs2.getLocalPort());
            List<String> realServers = List.of("127.0.0.1:" + rs1.getLocalPort(), "127.0.0.1:" + rs2.getLocalPort());
            Path conf = Files.writeString(dir.resolve("keepalived.conf"), good);
            NetlinkAddressManager addresses = NetlinkAddressManager.open(us.name(), dir.resolve("state"));
            VrrpEngine vrrp = us.call(() -> VrrpEngine.builder(addresses).start());
            StaticNetworkSubsystem staticnet = new StaticNetworkSubsystem();
            staticnet.start(
                    addresses, NetworkNamespace.call(us.name(), RtNetlink::open), NetlinkMonitor.open(us.name()));
            LvsSubsystem lvs = new LvsSubsystem();
            KeepalivedDaemon daemon = new KeepalivedDaemon();
            try {
                daemon.addSubsystem(staticnet);
                daemon.addSubsystem(vrrp);
                daemon.addSubsystem(lvs);
                daemon.addChecker(tcp);
                lvs.addFactory(tcp);
                us.run(() -> daemon.start("1", TestSettings.forFile(conf.toString()), null));
                assertTrue(daemon.lastLoad().ok(), daemon.lastLoad().toString());

                // the good file runs: every instance MASTER, every kernel object there, both real servers checked up
                await(
                        "the good file in force",
                        () -> allMaster(vrrp) && missing(us, KERNEL).isEmpty() && realServersUp(lvs, realServers));
                Set<String> baseline = snapshot(us);
                VrrpInstanceView vi2 = vrrp.instance("VI_2").orElseThrow();
                Instant vi2Transition = vi2.lastTransition();

                List<String> broken = new ArrayList<>();
                Map<String, int[]> perKeyword = new TreeMap<>();
                int errors = 0;
                int applied = 0;
                for (Mutation mutation : MUTATIONS) {
                    int line = lineOf(good, mutation.anchor().replace("@P2@", "" + rs2.getLocalPort()));
                    String mutated = mutation.to() == null
                            ? mutate(good, line, null, null)
                            : mutate(
                                    good,
                                    line,
                                    mutation.from().replace("@P2@", "" + rs2.getLocalPort()),
                                    mutation.to().replace("@P2@", "" + rs2.getLocalPort()));
                    String where = conf + ":"
                            + (mutation.reportedAt() == null ? line : lineOf(good, mutation.reportedAt())) + ":";
                    Files.writeString(conf, mutated);
                    LoadResult result = us.call(daemon::reload);
                    List<String> lost = new ArrayList<>();

                    // what the mutated file still lists, still there
                    Set<String> now = snapshot(us);
                    for (Expected e : KERNEL) {
                        if (lineOf(good, e.anchor()) != line && !e.in(now)) {
                            lost.add("kernel lost " + e.reads());
                        }
                    }
                    if (vrrp.instance("VI_2").orElse(null) != vi2
                            || vi2.state() != InstanceState.MASTER
                            || !vi2.lastTransition().equals(vi2Transition)) {
                        lost.add("VI_2 is no longer the same MASTER");
                    }
                    for (String rs : realServers) {
                        boolean onMutatedLine =
                                good.lines().toList().get(line - 1).contains(rs.replace(':', ' '));
                        if (!onMutatedLine && realServer(lvs, rs) == null) {
                            lost.add("real server " + rs + " gone from the runtime view");
                        }
                    }
                    // ERRORS changes nothing; otherwise the dropped item is reported at its line
                    boolean named = result.errors().stream().anyMatch(p -> p.startsWith(where))
                            || result.warnings().stream().anyMatch(p -> p.startsWith(where));
                    if (result.outcome() == Outcome.ERRORS) {
                        errors++;
                        if (!now.equals(baseline)) {
                            lost.add("ERRORS but the kernel changed: -" + minus(baseline, now) + " +"
                                    + minus(now, baseline));
                        }
                    } else if (result.outcome() == Outcome.OK || result.outcome() == Outcome.NOT_APPLIED) {
                        applied++;
                    } else {
                        lost.add("load result " + result.outcome());
                    }
                    if (!named && mutation.to() != null) {
                        lost.add(result.outcome() + " does not name " + where + " " + result);
                    }
                    perKeyword
                            .computeIfAbsent(mutation.keyword(), k -> new int[2])[
                            result.outcome() == Outcome.ERRORS ? 0 : 1]++;

                    // the good file again: everything back exactly
                    Files.writeString(conf, good);
                    LoadResult back = us.call(daemon::reload);
                    if (!back.ok()) {
                        lost.add("the good file did not load again: " + back);
                    }
                    try {
                        await(
                                "everything back",
                                () -> allMaster(vrrp)
                                        && snapshot(us).equals(baseline)
                                        && realServersUp(lvs, realServers));
                    } catch (AssertionError e) {
                        Set<String> after = snapshot(us);
                        lost.add("not back after the good file: -" + minus(baseline, after) + " +"
                                + minus(after, baseline)
                                + " "
                                + vrrp.instances().stream()
                                        .map(i -> i.name() + " " + i.state())
                                        .toList()
                                + " "
                                + realServers.stream()
                                        .map(k -> k + " "
                                                + (realServer(lvs, k) == null
                                                        ? "gone"
                                                        : realServer(lvs, k).up() ? "up" : "down"))
                                        .toList());
                    }
                    if (!lost.isEmpty()) {
                        broken.add(
                                mutation + " at " + where + " (" + result.outcome() + "): " + String.join("; ", lost));
                    }
                    if (lost.stream().anyMatch(l -> l.startsWith("not back"))) {
                        break; // what follows would measure against a broken baseline
                    }
                }

                StringBuilder report = new StringBuilder(String.format(
                        "RELOAD MUTATIONS: %d mutations in %.1f s: %d ERRORS (nothing changed), %d applied with the item"
                                + " dropped; %d broke a guarantee%n",
                        errors + applied, (System.nanoTime() - started) / 1e9, errors, applied, broken.size()));
                perKeyword.forEach((k, v) -> report.append(
                        String.format("  %-44s %3d  (ERRORS %d, applied %d)%n", k, v[0] + v[1], v[0], v[1])));
                broken.forEach(b -> report.append("  BROKEN ").append(b).append('\n'));
                System.out.print(report);
                assertEquals(MUTATIONS.size(), errors + applied, report.toString());
                assertEquals(List.of(), broken, report.toString());
            } finally {
                daemon.deactivate();
                vrrp.close();
                staticnet.deactivate();
                lvs.deactivate();
                addresses.close();
            }
        }
    }

    /** A real server: accepts and closes every connection, on a thread of its own until the socket closes. */
    static ServerSocket accepting(ServerSocket server) {
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            server.accept().close();
                        } catch (java.io.IOException closed) {
                            // closed at the end of the test, or a connection reset: the loop condition decides
                        }
                    }
                },
                "real-server-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
        return server;
    }

    // ---- the file --------------------------------------------------------------------------------

    /**
     * The line an anchor names: the one line whose text is the anchor, else the one that contains it;
     * "A>>B" is the first line matching B after the first line containing A.
     */
    private static int lineOf(String text, String anchor) {
        List<String> lines = text.lines().toList();
        int from = 0;
        String needle = anchor;
        int scope = anchor.indexOf(">>");
        if (scope >= 0) {
            String block = anchor.substring(0, scope);
            needle = anchor.substring(scope + 2);
            while (!lines.get(from).contains(block)) {
                from++;
            }
            for (int i = from + 1; i < lines.size(); i++) {
                if (lines.get(i).trim().equals(needle) || lines.get(i).contains(needle)) {
                    return i + 1;
                }
            }
            throw new AssertionError("no line " + anchor);
        }
        List<Integer> exact = new ArrayList<>();
        List<Integer> containing = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(needle)) {
                exact.add(i + 1);
            }
            if (lines.get(i).contains(needle)) {
                containing.add(i + 1);
            }
        }
        List<Integer> found = exact.size() == 1 ? exact : containing;
        if (found.size() != 1) {
            throw new AssertionError("anchor " + anchor + " names lines " + found);
        }
        return found.get(0);
    }

    private static String mutate(String text, int line, String from, String to) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (to == null) {
            lines.remove(line - 1);
            return String.join("\n", lines) + "\n";
        }
        String before = lines.get(line - 1);
        if (!before.contains(from)) {
            throw new AssertionError("line " + line + " has no " + from + ": " + before);
        }
        lines.set(
                line - 1,
                before.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return String.join("\n", lines) + "\n";
    }

    // ---- the kernel and the runtimes ------------------------------------------------------------

    /**
     * The namespace's IPv4 addresses, routes of every table and rules, one line each: {@code addr DEV
     * A/LEN k=v...}, {@code route DST table=T k=v...}, {@code rule priority=N k=v...}.
     */
    @SuppressWarnings("unchecked")
    private static Set<String> snapshot(Netns ns) {
        Set<String> out = new TreeSet<>();
        for (Object link : (List<Object>)
                MiniJson.parse(ns.execOrThrow("ip", "-j", "-4", "addr", "show").stdout())) {
            Map<String, Object> l = (Map<String, Object>) link;
            for (Object a : (List<Object>) l.get("addr_info")) {
                Map<String, Object> i = (Map<String, Object>) a;
                out.add("addr " + l.get("ifname") + " " + i.get("local") + "/" + text(i.get("prefixlen"))
                        + words(i, Set.of("scope", "label", "broadcast"), Map.of("broadcast", "brd")));
            }
        }
        for (Object route :
                (List<Object>) MiniJson.parse(ns.execOrThrow("ip", "-j", "-4", "route", "show", "table", "all")
                        .stdout())) {
            Map<String, Object> r = (Map<String, Object>) route;
            out.add("route " + r.get("dst") + " table=" + Objects.toString(r.get("table"), "main")
                    + words(r, Set.of("type", "gateway", "dev", "metric", "prefsrc", "scope", "protocol"), Map.of()));
        }
        for (Object rule : (List<Object>)
                MiniJson.parse(ns.execOrThrow("ip", "-j", "-4", "rule", "show").stdout())) {
            Map<String, Object> r = (Map<String, Object>) rule;
            Set<String> keys = new TreeSet<>(r.keySet());
            keys.remove("priority");
            out.add("rule priority=" + text(r.get("priority")) + words(r, keys, Map.of()));
        }
        return out;
    }

    /** " k=v" for each of these keys the object has, sorted. */
    private static String words(Map<String, Object> o, Set<String> keys, Map<String, String> names) {
        StringBuilder b = new StringBuilder();
        for (String k : new TreeSet<>(keys)) {
            if (o.containsKey(k) && o.get(k) != null && !(o.get(k) instanceof List) && !(o.get(k) instanceof Map)) {
                b.append(' ').append(names.getOrDefault(k, k)).append('=').append(text(o.get(k)));
            }
        }
        return b.toString();
    }

    private static String text(Object v) {
        return v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
    }

    private static List<String> missing(Netns ns, List<Expected> expected) {
        Set<String> now = snapshot(ns);
        return expected.stream().filter(e -> !e.in(now)).map(Expected::reads).toList();
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static boolean allMaster(VrrpEngine vrrp) {
        return vrrp.instances().size() == 3
                && vrrp.instances().stream().allMatch(i -> i.state() == InstanceState.MASTER);
    }

    private static RealServerView realServer(LvsSubsystem lvs, String key) {
        return lvs.virtualServers().stream()
                .flatMap(vs -> vs.realServers().stream())
                .filter(r -> r.key().equals(key))
                .findFirst()
                .orElse(null);
    }

    private static boolean realServersUp(LvsSubsystem lvs, List<String> keys) {
        return keys.stream()
                .map(k -> realServer(lvs, k))
                .allMatch(r -> r != null
                        && r.up()
                        && !r.checkers().isEmpty()
                        && r.checkers().get(0).attempts() > 0);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        CheckerHotDeployTest.await(what, condition);
    }
}
