package org.keepalivedj.lvs.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The real servers of {@link CheckerScaleBenchmark}, in a process of their own so their CPU is not
 * counted as the checker's: N listening sockets on 127.0.1.x (100 ports per address), one selector
 * thread that accepts and closes. Prints READY when every socket listens; exits when stdin closes.
 */
public final class LoopbackServers {
    static final int PORTS_PER_ADDRESS = 100;
    static final int BASE_PORT = 20000;

    private LoopbackServers() {
    }

    static String address(int i) {
        int a = i / PORTS_PER_ADDRESS;
        return "127.0." + (1 + a / 250) + "." + (1 + a % 250);
    }

    static int port(int i) {
        return BASE_PORT + i % PORTS_PER_ADDRESS;
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Selector selector = Selector.open();
        for (int i = 0; i < n; i++) {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            s.bind(new InetSocketAddress(address(i), port(i)), 128);
            s.configureBlocking(false);
            s.register(selector, SelectionKey.OP_ACCEPT);
        }
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for the parent to close our stdin
                }
            } catch (IOException e) {
                // parent gone
            }
            System.exit(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        System.out.println("READY");
        System.out.flush();
        while (true) {
            selector.select();
            for (SelectionKey k : selector.selectedKeys()) {
                SocketChannel c;
                while ((c = ((ServerSocketChannel) k.channel()).accept()) != null) {
                    c.close();
                }
            }
            selector.selectedKeys().clear();
        }
    }
}
