package org.keepalivedj.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.nft.internal.Json;
import org.keepalivedj.testsupport.NameServer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The nftables plane with real TCP traffic. A client namespace reaches the virtual service
 * 10.71.0.100:80 on the "director" namespace, which holds our table and routes to three server
 * namespaces (their default route is the director, as LVS-NAT wants). Each server answers its name.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NftTrafficTest {

    private static final String VIP = "10.71.0.100";
    private static final String VIP6 = "fd71::100";
    private static final int VPORT = 80;
    private static final int RPORT = 8080;
    private static final String[] SERVERS = {"s1", "s2", "s3"};
    /** Chi-square, 2 degrees of freedom, p = 0.001. */
    private static final double CHI_SQUARE_LIMIT = 13.82;

    private DirectorLab lab;
    private Netns director;
    private Netns client;
    private final List<NameServer> servers = new ArrayList<>();
    private NftForwardingPlane plane;
    private String foreignTable;

    @BeforeAll
    void buildLab() throws Exception {
        lab = DirectorLab.build("10.70.0.", "fd70::", "10.71.0.", "fd71::", VIP, VIP6, SERVERS);
        director = lab.director();
        client = lab.client();
        for (int i = 0; i < SERVERS.length; i++) {
            servers.add(NameServer.start(lab.servers().get(i), SERVERS[i], RPORT));
        }
        NetLab.addAddress(client, "eth0", "10.71.0.3/24");
        // Somebody else's table: it must come out of every test exactly as it went in.
        director.execOrThrow(
                "nft",
                "add table ip foreign; add chain ip foreign input { type filter hook input priority 0; };"
                        + " add rule ip foreign input tcp dport 9999 accept; add set ip foreign blocked { type ipv4_addr; };"
                        + " add element ip foreign blocked { 192.0.2.7 }");
        foreignTable =
                director.execOrThrow("nft", "list", "table", "ip", "foreign").stdout();
        plane = new NftForwardingPlane(director.name());
    }

    @AfterAll
    void removeLab() throws Exception {
        try {
            if (plane != null) {
                plane.close();
            }
            for (NameServer s : servers) {
                s.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @BeforeEach
    void foreignTableUntouched() {
        assertEquals(
                foreignTable,
                director.execOrThrow("nft", "list", "table", "ip", "foreign").stdout());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wrr", "wlc"})
    void spreadFollowsTheWeights(String scheduler) throws Exception {
        int[] weights = {1, 2, 3};
        plane.apply(List.of(service(scheduler, null, weights)));
        int total = 3000;
        Map<String, Integer> seen = connectMany(total);

        double chiSquare = 0;
        for (int i = 0; i < SERVERS.length; i++) {
            double expected = total * weights[i] / 6.0;
            double observed = seen.getOrDefault(SERVERS[i], 0);
            chiSquare += (observed - expected) * (observed - expected) / expected;
        }
        assertTrue(chiSquare < CHI_SQUARE_LIMIT, "chi-square " + chiSquare + " for " + seen);
        assertEquals(
                total, seen.values().stream().mapToInt(Integer::intValue).sum(), "every connection answered: " + seen);

        // The counters count exactly the connections each server got.
        ServiceStatistics stats = plane.statistics().get(0);
        for (int i = 0; i < SERVERS.length; i++) {
            assertEquals(
                    (long) seen.getOrDefault(SERVERS[i], 0),
                    stats.destinations().get(destination(i, 1).toString()).connections(),
                    "counter of " + SERVERS[i]);
        }
        assertEquals(total, stats.total().connections());
        assertEquals(
                foreignTable,
                director.execOrThrow("nft", "list", "table", "ip", "foreign").stdout());
    }

    @Test
    void sourceHashKeepsAClientOnOneServer() throws Exception {
        plane.apply(List.of(service("sh", null, 1, 1, 1)));
        for (String source : List.of("10.71.0.2", "10.71.0.3")) {
            List<String> got = client.call(() -> {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    try (Socket s = new Socket()) {
                        s.bind(new InetSocketAddress(source, 0));
                        s.connect(new InetSocketAddress(VIP, VPORT), 3000);
                        s.setSoTimeout(5000);
                        names.add(new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream()))
                                .readLine());
                    }
                }
                return names;
            });
            assertEquals(1, got.stream().distinct().count(), source + " went to " + got);
            assertTrue(List.of(SERVERS).contains(got.get(0)), "answered by a server: " + got.get(0));
        }
    }

    @Test
    void persistenceKeepsAClientOnOneServer() throws Exception {
        plane.apply(List.of(service("wrr", Duration.ofSeconds(60), 1, 1, 1)));
        Map<String, Integer> seen = connectMany(30);
        assertEquals(1, seen.size(), "one server for a persistent client: " + seen);
        String set = director.execOrThrow("nft", "list", "table", "inet", "keepalivedj")
                .stdout();
        assertTrue(
                set.contains("timeout 1m") && set.contains("elements = { 10.71.0.2 expires "),
                "the client is in a timed persistence set:\n" + set);
    }

    @Test
    void aDrainedServerKeepsItsConnectionAndGetsNoNewOnes() throws Exception {
        plane.apply(List.of(service("wrr", null, 1, 1, 1)));
        List<Client> open = client.call(
                () -> List.of(Client.connect(VIP, VPORT), Client.connect(VIP, VPORT), Client.connect(VIP, VPORT)));
        try {
            assertEquals(3, open.stream().map(c -> c.server).distinct().count(), "one connection to each server");
            Client toFirst =
                    open.stream().filter(c -> c.server.equals("s1")).findFirst().orElseThrow();

            plane.apply(List.of(service("wrr", null, 0, 1, 1)));
            Map<String, Integer> seen = connectMany(60);
            assertFalse(seen.containsKey("s1"), "no new connection to the drained server: " + seen);
            assertEquals(Map.of("s2", 30, "s3", 30), seen);
            assertEquals("still here", toFirst.echo("still here"), "the drained server's connection flows");
        } finally {
            for (Client c : open) {
                c.close();
            }
        }
    }

    @Test
    void weightChangesNeverDropAConnection() throws Exception {
        plane.apply(List.of(service("wrr", null, 1, 1, 1)));
        List<Client> open = client.call(() -> {
            List<Client> list = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                list.add(Client.connect(VIP, VPORT));
            }
            return list;
        });
        ExecutorService background = Executors.newSingleThreadExecutor();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger made = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try {
            // New connections keep coming while the weights change under them.
            Future<?> traffic = background.submit(() -> {
                client.run(() -> {
                    while (!stop.get()) {
                        try (Client c = Client.connect(VIP, VPORT)) {
                            made.incrementAndGet();
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                            return;
                        }
                    }
                });
                return null;
            });
            int[][] changes = {{5, 1, 2}, {1, 0, 1}, {0, 0, 1}, {3, 3, 0}, {1, 1, 1}, {7, 2, 9}, {1, 1, 1}};
            for (int round = 0; round < 3; round++) {
                for (int[] weights : changes) {
                    plane.apply(List.of(service("wrr", null, weights)));
                }
            }
            stop.set(true);
            traffic.get();
            assertEquals(null, failure.get(), "every new connection during the changes was answered");
            assertTrue(made.get() > 0, "connections were made during the changes");
            for (Client c : open) {
                assertEquals("ping", c.echo("ping"), "connection to " + c.server + " survived");
            }
        } finally {
            stop.set(true);
            background.shutdownNow();
            for (Client c : open) {
                c.close();
            }
        }
    }

    @Test
    void aClientOnTheDirectorItselfIsServed() throws Exception {
        plane.apply(List.of(service("rr", null, 1, 1, 1)));
        List<String> names = director.call(() -> {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                try (Client c = Client.connect(VIP, VPORT)) {
                    got.add(c.server);
                }
            }
            return got;
        });
        assertEquals(3, names.stream().distinct().count(), "rr over three servers from the director: " + names);
    }

    @Test
    void aWeightChangeRewritesOnlyThatServicesChain() throws Exception {
        ServiceSpec other = new ServiceSpec(
                ServiceKey.of(InetAddress.getByName(VIP), 81, Protocol.TCP),
                "wrr",
                List.of(),
                null,
                null,
                List.of(destination(0, 1), destination(1, 1)));
        plane.apply(List.of(service("wrr", null, 1, 1, 1), other));
        Map<String, List<Long>> before = ruleHandlesByChain();
        plane.apply(List.of(service("wrr", null, 2, 1, 1), other));
        Map<String, List<Long>> after = ruleHandlesByChain();

        List<String> changed = new ArrayList<>();
        for (String chain : before.keySet()) {
            if (!before.get(chain).equals(after.get(chain))) {
                changed.add(chain);
            }
        }
        assertEquals(1, changed.size(), "exactly one chain rewritten: " + changed);
        assertEquals(before.keySet(), after.keySet(), "no chain added or removed");
        String rewritten = changed.get(0);
        assertTrue(rewritten.matches("vs\\d+"), "the rewritten chain is a service chain: " + rewritten);
    }

    @Test
    void servicesComeGoAndChangeShapeInOneTransaction() throws Exception {
        ServiceSpec second = new ServiceSpec(
                ServiceKey.of(InetAddress.getByName(VIP), 81, Protocol.TCP),
                "rr",
                List.of(),
                null,
                null,
                List.of(destination(1, 1)));
        plane.apply(List.of(service("rr", null, 1, 1, 1), second));
        assertEquals("s2", client.call(() -> {
            try (Client c = Client.connect(VIP, 81)) {
                return c.server;
            }
        }));
        // The second service goes; the first becomes persistent (rebuilt under the same address).
        plane.apply(List.of(service("wrr", Duration.ofSeconds(30), 0, 0, 1)));
        assertEquals(Map.of("s3", 4), connectMany(4));
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(
                Exception.class, () -> client.call(() -> Client.connect(VIP, 81)));
        assertTrue(refused instanceof java.net.ConnectException, "port 81 is no longer a service: " + refused);
        Map<String, List<Long>> chains = ruleHandlesByChain();
        assertEquals(
                1,
                chains.keySet().stream().filter(c -> c.matches("vs\\d+")).count(),
                "one service chain: " + chains.keySet());
        assertEquals(1, plane.statistics().size());
    }

    @Test
    void ipv6ServicesSpreadByWeightToo() throws Exception {
        List<Destination> reals = new ArrayList<>();
        for (int i = 0; i < SERVERS.length; i++) {
            reals.add(new Destination(
                    InetAddress.getByName("fd70::" + (11 + i)), RPORT, i == 0 ? 0 : i, ForwardingMethod.NAT, 0, 0));
        }
        plane.apply(List.of(new ServiceSpec(
                ServiceKey.of(InetAddress.getByName(VIP6), VPORT, Protocol.TCP), "wrr", List.of(), null, null, reals)));
        Map<String, Integer> seen = client.call(() -> {
            Map<String, Integer> names = new HashMap<>();
            for (int i = 0; i < 30; i++) {
                try (Client c = Client.connect(VIP6, VPORT)) {
                    names.merge(c.server, 1, Integer::sum);
                }
            }
            return names;
        });
        assertEquals(Map.of("s2", 10, "s3", 20), seen);
    }

    @Test
    void aFirewallMarkServiceTakesWhatAnotherTableMarked() throws Exception {
        // Somebody else marks TCP to the VIP's ports 8000-8999 with 7 (as iptables -j MARK would).
        director.execOrThrow(
                "nft",
                "add table ip marker; add chain ip marker pre { type filter hook prerouting priority mangle; };"
                        + " add rule ip marker pre ip daddr " + VIP + " tcp dport 8000-8999 meta mark set 7");
        try {
            plane.apply(List.of(new ServiceSpec(
                    ServiceKey.fwmark(7, org.keepalivedj.api.model.Family.INET, Protocol.TCP),
                    "rr",
                    List.of(),
                    null,
                    null,
                    List.of(destination(0, 1), destination(2, 1)))));
            List<String> names = client.call(() -> {
                List<String> got = new ArrayList<>();
                for (int port : new int[] {8001, 8500, 8999, 8123}) {
                    try (Client c = Client.connect(VIP, port)) {
                        got.add(c.server);
                    }
                }
                return got;
            });
            assertEquals(List.of("s1", "s3", "s1", "s3"), names);
            assertEquals(4, plane.statistics().get(0).total().connections());
        } finally {
            director.execOrThrow("nft", "delete", "table", "ip", "marker");
        }
    }

    @Test
    void clearRemovesOurTableOnly() throws Exception {
        plane.apply(List.of(service("rr", null, 1, 1, 1)));
        assertTrue(director.execOrThrow("nft", "list", "tables").stdout().contains("inet keepalivedj"));
        plane.clear();
        String tables = director.execOrThrow("nft", "list", "tables").stdout();
        assertFalse(tables.contains("keepalivedj"), tables);
        assertEquals(
                foreignTable,
                director.execOrThrow("nft", "list", "table", "ip", "foreign").stdout());
        // And the plane builds it again on the next apply.
        plane.apply(List.of(service("rr", null, 1, 1, 1)));
        assertEquals(3, connectMany(3).size());
    }

    @Test
    void aNewPlaneReplacesWhatAnEarlierRunLeft() throws Exception {
        plane.apply(List.of(
                service("rr", null, 1, 1, 1),
                new ServiceSpec(
                        ServiceKey.of(InetAddress.getByName(VIP), 82, Protocol.TCP),
                        "rr",
                        List.of(),
                        null,
                        null,
                        List.of(destination(0, 1)))));
        try (NftForwardingPlane restarted = new NftForwardingPlane(director.name())) {
            restarted.apply(List.of(service("wrr", null, 0, 0, 1)));
            Map<String, Integer> seen = connectMany(5);
            assertEquals(Map.of("s3", 5), seen);
            String table = director.execOrThrow("nft", "list", "table", "inet", "keepalivedj")
                    .stdout();
            assertFalse(table.contains(". 82 :"), "the old run's service on port 82 is gone:\n" + table);
        }
        plane.clear();
    }

    // ---- helpers

    private Map<String, Integer> connectMany(int count) throws Exception {
        return client.call(() -> {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < count; i++) {
                try (Client c = Client.connect(VIP, VPORT)) {
                    seen.merge(c.server, 1, Integer::sum);
                }
            }
            return seen;
        });
    }

    private static ServiceSpec service(String scheduler, Duration persistence, int... weights) throws Exception {
        List<Destination> destinations = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            destinations.add(destination(i, weights[i]));
        }
        return new ServiceSpec(
                ServiceKey.of(InetAddress.getByName(VIP), VPORT, Protocol.TCP),
                scheduler,
                List.of(),
                persistence,
                null,
                destinations);
    }

    private static Destination destination(int index, int weight) throws Exception {
        return new Destination(
                InetAddress.getByName("10.70.0." + (11 + index)), RPORT, weight, ForwardingMethod.NAT, 0, 0);
    }

    /** Rule handles per chain of our table, as the kernel holds them. */
    @SuppressWarnings("unchecked")
    private Map<String, List<Long>> ruleHandlesByChain() {
        String json = director.execOrThrow("nft", "-j", "list", "table", "inet", "keepalivedj")
                .stdout();
        Map<String, List<Long>> handles = new HashMap<>();
        for (Object item : (List<Object>) ((Map<String, Object>) Json.parse(json)).get("nftables")) {
            Map<String, Object> entry = (Map<String, Object>) item;
            if (entry.get("chain") instanceof Map<?, ?> chain) {
                handles.putIfAbsent((String) chain.get("name"), new ArrayList<>());
            } else if (entry.get("rule") instanceof Map<?, ?> rule) {
                handles.computeIfAbsent((String) rule.get("chain"), k -> new ArrayList<>())
                        .add(((Number) rule.get("handle")).longValue());
            }
        }
        assertNotEquals(0, handles.size());
        return handles;
    }
}
