package org.keepalivedj.check.support;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The check runtime: epoll event loops when the native transport loads, NIO otherwise. */
public final class NettyCheckRuntime implements CheckRuntime, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NettyCheckRuntime.class);

    private final boolean epoll;
    private final EventLoopGroup loops;
    private final ThreadPoolExecutor blocking;
    private final ExchangeLoop exchanges = new ExchangeLoop("keepalived-check-exchange");

    /**
     * @param ioThreads event loop threads (0: one per core, at least two)
     * @param blockingThreads most blocking tasks at once; up to 64 times as many wait in a queue,
     *                        beyond that work is refused (the attempt fails, nothing piles up)
     */
    public NettyCheckRuntime(int ioThreads, int blockingThreads) {
        int threads =
                ioThreads > 0 ? ioThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        if (!epoll) {
            LOG.warn(
                    "Native epoll transport not available ({}); checkers use NIO, fwmark is ignored",
                    String.valueOf(Epoll.unavailabilityCause()));
        }
        this.loops = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("keepalived-check", true), io);
        AtomicInteger n = new AtomicInteger();
        this.blocking = new ThreadPoolExecutor(
                blockingThreads,
                blockingThreads,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(blockingThreads * 64),
                r -> {
                    Thread t = new Thread(r, "keepalived-check-blocking-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        blocking.allowCoreThreadTimeOut(true);
        LOG.info(
                "Checker runtime started: {} {} event loop threads, {} blocking threads",
                threads,
                epoll ? "epoll" : "NIO",
                blockingThreads);
    }

    @Override
    public EventLoopGroup eventLoops() {
        return loops;
    }

    @Override
    public Class<? extends SocketChannel> socketChannelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    @Override
    public Class<? extends DatagramChannel> datagramChannelType() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    @Override
    public boolean nativeTransport() {
        return epoll;
    }

    @Override
    public ExecutorService blockingPool() {
        return blocking;
    }

    @Override
    public ExchangeLoop exchangeLoop() {
        return exchanges;
    }

    @Override
    public void close() {
        exchanges.close();
        blocking.shutdownNow();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
