package org.keepalivedj.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP listener on one port of every address of a namespace that accepts and closes at once: the
 * real servers of TCP_CHECK tests and benchmarks (a TCP_CHECK only connects). With a route such as
 * {@code local 10.20.0.0/16 dev lo} every address of the prefix answers. Closing it stops it.
 */
public final class ConnectOnlyServer {
    private ConnectOnlyServer() {}

    public static ServerSocket start(Netns ns, int port) throws Exception {
        ServerSocket listener = ns.call(() -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress("0.0.0.0", port), 4096);
            return s;
        });
        Thread accept = new Thread(
                () -> {
                    while (!listener.isClosed()) {
                        try (Socket ignored = listener.accept()) {
                            // connected: that is the whole check
                        } catch (IOException e) {
                            // closed by the caller
                        }
                    }
                },
                "connect-only-" + port);
        accept.setDaemon(true);
        accept.start();
        return listener;
    }
}
