package org.keepalivedj.nft;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.keepalivedj.testsupport.NameServer;

/** One client connection to a {@link NameServer} through the virtual service. */
final class Client implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    final String server;

    private Client(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5000);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.server = in.readLine();
        if (server == null) {
            throw new IOException("connection closed before the server said its name");
        }
    }

    /** Connects (call on a thread inside the client's namespace) and reads the server's name. */
    static Client connect(String address, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, port), 3000);
            return new Client(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a line and returns the echo: proof the connection still flows. */
    String echo(String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return in.readLine();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
