package org.keepalivedj.check.support;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.ExecutorService;

/**
 * What every checker bundle shares: one event loop group for all network checks and one bounded
 * pool for blocking work (starting scripts, reading files). Registered as an OSGi service by this
 * bundle; tests make their own {@link NettyCheckRuntime}.
 */
public interface CheckRuntime {
    EventLoopGroup eventLoops();

    /** The TCP channel class matching {@link #eventLoops()} (epoll or NIO). */
    Class<? extends SocketChannel> socketChannelType();

    /** The UDP channel class matching {@link #eventLoops()} (epoll or NIO). */
    Class<? extends DatagramChannel> datagramChannelType();

    /** True when the event loops are epoll's (fwmark and the ICMP errors of UDP need it). */
    boolean nativeTransport();

    /** Bounded pool for blocking work; never run such work on {@link #eventLoops()}. */
    ExecutorService blockingPool();

    /**
     * The thread that runs plain TCP exchanges (the lean paths of TCP_CHECK and HTTP_GET, without fwmark
     * or bind_if); null: use the event loops.
     */
    default ExchangeLoop exchangeLoop() {
        return null;
    }
}
