package org.keepalivedj.itests.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.keepalivedj.testsupport.Netns;

/**
 * A client in a namespace that connects to one address and port over and over, on its own
 * thread: each connection reads the server's name line, sends a line and reads its echo, then
 * closes. Every attempt is recorded, so a test can tell when traffic stopped, which server
 * answered, and when traffic came back.
 */
final class TcpProbe implements AutoCloseable {

    /** One connection attempt: when it ended, who answered (null when it failed) and why not. */
    record Attempt(long nanos, String server, String failure) {
        boolean ok() {
            return server != null;
        }
    }

    private final Netns ns;
    private final InetSocketAddress target;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private TcpProbe(Netns ns, String host, int port) {
        this.ns = ns;
        this.target = new InetSocketAddress(host, port);
        this.thread = new Thread(this::loop, "probe-" + host + ":" + port);
        thread.setDaemon(true);
    }

    static TcpProbe start(Netns ns, String host, int port) {
        TcpProbe p = new TcpProbe(ns, host, port);
        p.thread.start();
        return p;
    }

    private void loop() {
        while (running) {
            String server = null;
            String failure = null;
            try (Socket s = ns.call(TcpProbe::socketHere)) {
                s.connect(target, 1000);
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                String name = in.readLine();
                OutputStream out = s.getOutputStream();
                out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String echo = in.readLine();
                if (name == null || !"ping".equals(echo)) {
                    failure = "no answer (name " + name + ", echo " + echo + ")";
                } else {
                    server = name;
                }
            } catch (Exception e) {
                failure = e.toString();
            }
            if (!running) {
                return;
            }
            attempts.add(new Attempt(System.nanoTime(), server, failure));
            try {
                Thread.sleep(server == null ? 50 : 20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * A socket whose file descriptor exists already: a socket belongs to the namespace of the
     * thread that creates its descriptor, and {@code new Socket()} alone makes none yet.
     */
    private static Socket socketHere() throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(3000);
        s.setTcpNoDelay(true);
        return s;
    }

    /** What the last attempts were, for failure messages. */
    String recent() {
        List<Attempt> all = attempts();
        return all.subList(Math.max(0, all.size() - 3), all.size()).toString();
    }

    /** Attempts so far (a snapshot). */
    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Attempts that ended after this instant. */
    List<Attempt> since(long nanos) {
        return attempts.stream().filter(a -> a.nanos() > nanos).toList();
    }

    /** When the first success served by this server came after the instant, or -1. */
    long firstSuccessFrom(String server, long sinceNanos) {
        return since(sinceNanos).stream()
                .filter(a -> server.equals(a.server()))
                .mapToLong(Attempt::nanos)
                .findFirst()
                .orElse(-1);
    }

    /** True when the last few attempts (at least n) all reached this server. */
    boolean steadilyServedBy(String server, int n) {
        List<Attempt> all = attempts();
        if (all.size() < n) {
            return false;
        }
        return all.subList(all.size() - n, all.size()).stream().allMatch(a -> server.equals(a.server()));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
