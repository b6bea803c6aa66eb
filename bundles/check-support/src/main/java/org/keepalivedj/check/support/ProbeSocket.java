package org.keepalivedj.check.support;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.keepalivedj.netlink.TcpProbe;

/**
 * The socket of one checker's lean path (TCP_CHECK, HTTP_GET), kept between its attempts: an attempt
 * takes the {@link TcpProbe} and gives it back reset when done. An attempt that overlaps another
 * opens its own probe, closed when given back. The socket is created on the thread of the attempt
 * that opens it, so it belongs to that thread's network namespace.
 */
public final class ProbeSocket implements AutoCloseable {
    private final InetSocketAddress to;
    private final InetSocketAddress from;
    /** The probe between attempts; empty while one is under way. */
    private final AtomicReference<TcpProbe> idle = new AtomicReference<>();

    private volatile boolean closed;

    /** @param from local address and port to bind (bindto / bind_port), or null */
    public ProbeSocket(InetSocketAddress to, InetSocketAddress from) {
        this.to = to;
        this.from = from;
    }

    public InetSocketAddress to() {
        return to;
    }

    /** The kept probe, or a new one when it is in use. */
    TcpProbe take() {
        TcpProbe probe = idle.getAndSet(null);
        return probe != null ? probe : new TcpProbe(to, from);
    }

    /** Keeps a reset probe for the next attempt, unless one is kept already or the checker is closed. */
    void release(TcpProbe probe) {
        if (closed || !idle.compareAndSet(null, probe)) {
            probe.close();
        } else if (closed && idle.compareAndSet(probe, null)) {
            probe.close(); // close() ran between the check and the keep
        }
    }

    /** The checker is gone: the kept socket is closed (one in use is closed when given back). */
    @Override
    public void close() {
        closed = true;
        TcpProbe probe = idle.getAndSet(null);
        if (probe != null) {
            probe.close();
        }
    }
}
