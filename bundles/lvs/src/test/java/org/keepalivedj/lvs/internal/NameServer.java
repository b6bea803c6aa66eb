package org.keepalivedj.lvs.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.keepalivedj.testsupport.Netns;

/** A tiny real server in a namespace: answers each connection with its name. Closing it is a kill. */
final class NameServer implements AutoCloseable {
    private final String name;
    private final ServerSocket socket;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "name-server");
        t.setDaemon(true);
        return t;
    });

    private NameServer(String name, ServerSocket socket) {
        this.name = name;
        this.socket = socket;
        thread.execute(this::serve);
    }

    static NameServer start(Netns ns, String name, int port) throws Exception {
        ServerSocket s = ns.call(() -> {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(port), 512);
            return ss;
        });
        return new NameServer(name, s);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket c = socket.accept()) {
                c.getOutputStream().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        thread.shutdownNow();
    }
}
