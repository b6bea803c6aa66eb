package org.keepalivedj.benchmarks.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.keepalivedj.testsupport.Nginx;

/**
 * The real servers of {@link CheckerScaleBenchmark}, in a process of their own so their CPU is not
 * counted as the checker's: N listening sockets on 127.0.1.x (100 ports per address), one selector
 * thread that accepts and closes. Prints READY when every socket listens; exits when stdin closes.
 *
 * <p>It also sees how regularly each server is checked, whoever checks it (keepalived-j, keepalived,
 * HAProxy): a line {@code STATS} on stdin prints {@code STATS <connections> <p50 ms> <p99 ms> <max ms>} of
 * the lateness of each connection against the previous one to the same server plus the expected
 * interval (args[1], ms, default 1000), counted since the last STATS.
 *
 * <p>With args[2] {@code http} the servers are one real nginx (nginx-light, one process, run as root
 * from a temporary directory) listening on the same addresses and answering {@code GET /} with 200;
 * nginx logs each request over syslog to a UDP socket of this process, which counts it as a check of
 * that server at the moment the log line arrives.
 */
public final class LoopbackServers {
    static final int PORTS_PER_ADDRESS = 100;
    static final int BASE_PORT = 20000;

    private LoopbackServers() {}

    /** Second octet of the servers' addresses; BENCH_LOOPBACK_OCTET moves them so two benchmarks can run at once. */
    private static final int SECOND_OCTET = Integer.parseInt(System.getenv().getOrDefault("BENCH_LOOPBACK_OCTET", "0"));

    public static String address(int i) {
        int a = i / PORTS_PER_ADDRESS;
        return "127." + SECOND_OCTET + "." + (1 + a / 250) + "." + (1 + a % 250);
    }

    public static int port(int i) {
        return BASE_PORT + i % PORTS_PER_ADDRESS;
    }

    /** Lateness samples in microseconds; written by the selector thread, read under the lock. */
    private static final Object LOCK = new Object();

    private static long[] samples = new long[1 << 16];
    private static int count;

    private static void record(long micros) {
        synchronized (LOCK) {
            if (count == samples.length) {
                samples = java.util.Arrays.copyOf(samples, count * 2);
            }
            samples[count++] = micros;
        }
    }

    private static String stats() {
        long[] s;
        synchronized (LOCK) {
            s = java.util.Arrays.copyOf(samples, count);
            count = 0;
        }
        java.util.Arrays.sort(s);
        if (s.length == 0) {
            return "STATS 0 0 0 0";
        }
        return String.format(
                java.util.Locale.ROOT,
                "STATS %d %.2f %.2f %.2f",
                s.length,
                s[s.length / 2] / 1e3,
                s[(int) (s.length * 0.99)] / 1e3,
                s[s.length - 1] / 1e3);
    }

    /** The index of the server at this address and port (the inverse of {@link #address} and {@link #port}). */
    static int index(String address, int port) {
        String[] o = address.split("\\.");
        int a = (Integer.parseInt(o[2]) - 1) * 250 + Integer.parseInt(o[3]) - 1;
        return a * PORTS_PER_ADDRESS + port - BASE_PORT;
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        long intervalNanos = (args.length > 1 ? Long.parseLong(args[1]) : 1000) * 1_000_000L;
        boolean http = args.length > 2 && args[2].equals("http");
        long[] last = new long[n];
        if (http) {
            watchStdin();
            nginx(n, last, intervalNanos);
            return;
        }
        Selector selector = Selector.open();
        for (int i = 0; i < n; i++) {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            s.bind(new InetSocketAddress(address(i), port(i)), 128);
            s.configureBlocking(false);
            s.register(selector, SelectionKey.OP_ACCEPT, i);
        }
        watchStdin();
        System.out.println("READY");
        System.out.flush();
        while (true) {
            selector.select();
            for (SelectionKey k : selector.selectedKeys()) {
                SocketChannel c;
                while ((c = ((ServerSocketChannel) k.channel()).accept()) != null) {
                    c.close();
                    seen((Integer) k.attachment(), last, intervalNanos);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private static void seen(int i, long[] last, long intervalNanos) {
        long now = System.nanoTime();
        if (last[i] != 0) {
            record(Math.max(0, now - last[i] - intervalNanos) / 1000);
        }
        last[i] = now;
    }

    /** Answers STATS lines from stdin; exits the process when stdin closes (the benchmark is gone). */
    private static void watchStdin() {
        Thread watchdog = new Thread(() -> {
            try {
                java.io.BufferedReader in = new java.io.BufferedReader(
                        new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.US_ASCII));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.equals("STATS")) {
                        System.out.println(stats());
                        System.out.flush();
                    }
                }
            } catch (IOException e) {
                // parent gone
            }
            System.exit(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** nginx on every server address, its request log read from a UDP socket (see the class comment). */
    private static void nginx(int n, long[] last, long intervalNanos) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bench-nginx");
        try (java.net.DatagramSocket log = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            log.setReceiveBufferSize(8 << 20);
            StringBuilder listen = new StringBuilder("server {\n");
            for (int i = 0; i < n; i++) {
                listen.append("listen ")
                        .append(address(i))
                        .append(':')
                        .append(port(i))
                        .append(";\n");
            }
            listen.append("location / { return 200 \"ok\\n\"; }\n}");
            Nginx nginx = Nginx.start(
                    dir,
                    "master_process off;\nworker_rlimit_nofile " + (n + 4096) + ";\nevents { worker_connections "
                            + (n + 2048) + "; }",
                    "log_format bench 'S $server_addr $server_port';\naccess_log syslog:server=127.0.0.1:"
                            + log.getLocalPort() + ",nohostname bench;\n" + listen,
                    new InetSocketAddress(address(n - 1), port(n - 1)));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    nginx.close();
                } catch (Exception e) {
                    // a temporary directory left behind
                }
            }));
            System.out.println("READY");
            System.out.flush();
            byte[] buffer = new byte[512];
            java.net.DatagramPacket packet = new java.net.DatagramPacket(buffer, buffer.length);
            while (true) {
                log.receive(packet);
                String line = new String(buffer, 0, packet.getLength(), java.nio.charset.StandardCharsets.US_ASCII);
                String[] f = line.substring(line.lastIndexOf(" S ") + 3).trim().split(" ");
                seen(index(f[0], Integer.parseInt(f[1])), last, intervalNanos);
            }
        }
    }
}
