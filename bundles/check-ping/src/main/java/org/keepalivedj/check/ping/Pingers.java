package org.keepalivedj.check.ping;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/** The shared pingers, opened on first use: one per family, bindto, bind_if and fwmark. */
final class Pingers implements Closeable {
    private record Key(boolean v6, InetAddress source, String bindInterface, int fwmark) {}

    private final Map<Key, Pinger> pingers = new HashMap<>();
    private boolean closed;

    synchronized Pinger pinger(boolean v6, InetAddress source, String bindInterface, int fwmark) throws IOException {
        if (closed) {
            throw new IOException("PING_CHECK is stopping");
        }
        Key key = new Key(v6, source, bindInterface, fwmark);
        Pinger s = pingers.get(key);
        if (s == null) {
            s = new Pinger(v6, source, bindInterface, fwmark);
            pingers.put(key, s);
        }
        return s;
    }

    @Override
    public synchronized void close() {
        closed = true;
        pingers.values().forEach(Pinger::close);
        pingers.clear();
    }
}
