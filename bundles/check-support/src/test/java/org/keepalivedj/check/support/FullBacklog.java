package org.keepalivedj.check.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener whose accept queue is full: the kernel drops every new SYN, so a connect to it
 * stays under way until its timeout (or until {@link #drain} lets the retransmitted SYN in, about a
 * second later). What a slow or overloaded server looks like to a checker, without a namespace.
 */
final class FullBacklog implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> queued = new ArrayList<>();

    FullBacklog() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5000); // a test never hangs on accept
        // Linux queues backlog + 1 connections; these two fill it.
        for (int i = 0; i < 2; i++) {
            queued.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Accepts the queued connections, making room for the next SYN. */
    void drain() throws IOException {
        for (int i = 0; i < queued.size(); i++) {
            server.accept().close();
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket s : queued) {
            s.close();
        }
        server.close();
    }
}
