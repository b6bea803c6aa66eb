package org.keepalivedj.check.ping;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The shared ICMP sockets, opened on first use: one per family, bind_if and fwmark. */
final class IcmpSockets implements Closeable {
    private record Key(boolean v6, String bindInterface, int fwmark) {
    }

    private final Map<Key, IcmpSocket> sockets = new HashMap<>();
    private boolean closed;

    synchronized IcmpSocket socket(boolean v6, String bindInterface, int fwmark) throws IOException {
        if (closed) {
            throw new IOException("PING_CHECK is stopping");
        }
        Key key = new Key(v6, bindInterface, fwmark);
        IcmpSocket s = sockets.get(key);
        if (s == null) {
            s = new IcmpSocket(v6, bindInterface, fwmark);
            sockets.put(key, s);
        }
        return s;
    }

    @Override
    public synchronized void close() {
        closed = true;
        sockets.values().forEach(IcmpSocket::close);
        sockets.clear();
    }
}
