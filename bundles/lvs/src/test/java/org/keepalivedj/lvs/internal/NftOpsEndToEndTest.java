package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.nft.NftForwardingPlane;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * keepalived.conf's {@code ops} through the engine onto the nftables plane: a UDP virtual server
 * loaded for the nft plane (its load check passes), applied by the engine, carries real datagrams
 * from one client source port to three real servers by weight, and the answers come from VIP:53.
 */
@RequiresRoot
class NftOpsEndToEndTest {
    private static final String VIP = "10.83.0.100";
    private static final int PORT = 5353;

    private NetLab lab;
    private Netns director;
    private Netns client;
    private final List<DatagramSocket> servers = new ArrayList<>();
    private ThreadScheduler scheduler;
    private LvsEngine engine;
    private NftForwardingPlane plane;

    @BeforeEach
    void buildLab() throws Exception {
        lab = NetLab.create();
        director = lab.node("dir", "10.82.0.1/24");
        for (int i = 1; i <= 3; i++) {
            Netns ns = lab.node("s" + i, "10.82.0." + (10 + i) + "/24");
            ns.execOrThrow("ip", "route", "add", "default", "via", "10.82.0.1");
            servers.add(answerWithName(ns, "s" + i));
        }
        client = lab.namespace("cli");
        lab.vethPair(director, "c0", client, "eth0");
        NetLab.addAddress(director, "c0", "10.83.0.1/24");
        NetLab.addAddress(director, "c0", VIP + "/32");
        NetLab.addAddress(client, "eth0", "10.83.0.2/24");
        client.execOrThrow("ip", "route", "add", "default", "via", "10.83.0.1");
        director.execOrThrow("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        scheduler = new ThreadScheduler("lvs-ops-e2e");
        plane = new NftForwardingPlane(director.name());
        engine = new LvsEngine(scheduler, new RecordingNotifier(), new Random(1));
    }

    @AfterEach
    void removeLab() throws Exception {
        try {
            if (scheduler != null) {
                scheduler.runAndWait(engine::stop, 10_000);
                scheduler.close();
            }
            if (plane != null) {
                plane.close();
            }
            for (DatagramSocket s : servers) {
                s.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Test
    void opsSpreadsOneClientPortsDatagramsByWeight() throws Exception {
        apply("ops\n");
        Answers answers = send(60);
        assertEquals(Map.of("s1", 10, "s2", 20, "s3", 30), answers.perServer(), answers.toString());
        assertEquals(Set.of(new InetSocketAddress(VIP, 53)), answers.sources());
    }

    @Test
    void withoutOpsTheFlowStaysOnOneServer() throws Exception {
        apply("");
        Answers answers = send(60);
        assertEquals(1, answers.perServer().size(), answers.toString());
        assertEquals(Set.of(new InetSocketAddress(VIP, 53)), answers.sources());
    }

    private void apply(String flags) throws Exception {
        StringBuilder conf =
                new StringBuilder("virtual_server " + VIP + " 53 {\nprotocol UDP\nlvs_sched wrr\n" + flags);
        for (int i = 1; i <= 3; i++) {
            conf.append("real_server 10.82.0.")
                    .append(10 + i)
                    .append(' ')
                    .append(PORT)
                    .append(" {\nweight ")
                    .append(i)
                    .append("\n}\n");
        }
        conf.append("}\n");
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .forDataPlane("nft")
                .load(conf.toString(), "test.conf", Path.of("."))
                .config();
        scheduler.runAndWait(
                () -> {
                    engine.setPlane(plane);
                    engine.apply(config);
                },
                10_000);
        // the engine flushes to the plane in a task of its own thread, queued by apply: wait it out
        scheduler.runAndWait(() -> {}, 10_000);
        assertEquals(1, plane.statistics().size(), "the engine put the service on the plane");
    }

    private record Answers(Map<String, Integer> perServer, Set<SocketAddress> sources) {}

    /** Datagrams one at a time from one socket (one source port), each answer read before the next. */
    private Answers send(int count) throws Exception {
        return client.call(() -> {
            Map<String, Integer> perServer = new TreeMap<>();
            Set<SocketAddress> sources = new HashSet<>();
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(2000);
                for (int i = 0; i < count; i++) {
                    socket.send(new DatagramPacket(new byte[] {'?'}, 1, new InetSocketAddress(VIP, 53)));
                    DatagramPacket in = new DatagramPacket(new byte[64], 64);
                    socket.receive(in);
                    perServer.merge(
                            new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII), 1, Integer::sum);
                    sources.add(in.getSocketAddress());
                }
            }
            return new Answers(perServer, sources);
        });
    }

    /** A UDP real server in ns that answers every datagram with its name. */
    private static DatagramSocket answerWithName(Netns ns, String name) throws Exception {
        DatagramSocket socket = ns.call(() -> new DatagramSocket(new InetSocketAddress(PORT)));
        Thread t = new Thread(
                () -> {
                    byte[] answer = name.getBytes(StandardCharsets.US_ASCII);
                    while (!socket.isClosed()) {
                        try {
                            DatagramPacket in = new DatagramPacket(new byte[64], 64);
                            socket.receive(in);
                            socket.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
                        } catch (IOException e) {
                            return; // closed
                        }
                    }
                },
                "udp-" + name);
        t.setDaemon(true);
        t.start();
        return socket;
    }
}
