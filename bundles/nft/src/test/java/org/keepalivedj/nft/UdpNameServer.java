package org.keepalivedj.nft;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.keepalivedj.testsupport.Netns;

/** A tiny UDP real server: answers every datagram with its name, so a test can tell where it went. */
final class UdpNameServer implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;

    private UdpNameServer(String name, DatagramSocket socket) {
        this.socket = socket;
        byte[] answer = name.getBytes(StandardCharsets.US_ASCII);
        this.thread = new Thread(
                () -> {
                    byte[] buffer = new byte[1500];
                    while (!socket.isClosed()) {
                        try {
                            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                            socket.receive(in);
                            socket.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
                        } catch (IOException e) {
                            return; // closed
                        }
                    }
                },
                "udp-name-server-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Listens on every address (IPv4 and IPv6) of the namespace at this port. */
    static UdpNameServer start(Netns ns, String name, int port) throws Exception {
        return new UdpNameServer(name, ns.call(() -> new DatagramSocket(new InetSocketAddress(port))));
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5000);
    }
}
