package org.keepalivedj.testsupport.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real TCP server on loopback that answers every connection with the bytes it is given, then closes
 * it: the far end of a fuzzed protocol. With {@code readRequestFirst} it first reads the client's
 * request up to an empty line (HTTP); otherwise it speaks first (SMTP). One connection at a time, on
 * its own thread.
 */
public final class ReplyServer implements AutoCloseable {
    private final ServerSocket server;
    private final boolean readRequestFirst;
    private final AtomicReference<byte[]> reply = new AtomicReference<>(new byte[0]);
    private final Thread thread;

    public ReplyServer(boolean readRequestFirst) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.readRequestFirst = readRequestFirst;
        this.thread = new Thread(this::serve, "fuzz-reply-server");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** What the next connections get. */
    public void answer(byte[] bytes) {
        reply.set(bytes.clone());
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                s.setTcpNoDelay(true);
                if (readRequestFirst) {
                    readUntilEmptyLine(s.getInputStream());
                }
                OutputStream out = s.getOutputStream();
                out.write(reply.get());
                out.flush();
                s.shutdownOutput();
                // let the client read to the end before the close (a close with unread input resets)
                drain(s.getInputStream());
            } catch (IOException e) {
                // a client that gave up, or the server closing: the next connection is served afresh
            }
        }
    }

    private static void readUntilEmptyLine(InputStream in) throws IOException {
        int state = 0; // how much of "\r\n\r\n" has been seen
        int c;
        while ((c = in.read()) >= 0) {
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1
                    : 0;
            if (state == 4) {
                return;
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[512];
        while (in.read(sink) >= 0) {
            // until the client closes
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
