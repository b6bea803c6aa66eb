package org.keepalivedj.snmp.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AgentX session with the master agent (RFC 2741): connect, Open, Register each subtree, answer
 * Get/GetNext/GetBulk from a fresh {@link MibSnapshot}, pass sets to {@link Sets}, send Notify for
 * traps. When the connection drops (snmpd restarted) or cannot be made,
 * it tries again every {@link #RETRY_SECONDS} seconds and registers again.
 */
final class AgentxClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentxClient.class);
    static final int RETRY_SECONDS = 1;

    private final SnmpSettings.Target target;
    private final List<MibSource> sources;
    private final MibInputs.MasterClock clock;
    private final EventLoopGroup loop;
    /** Told on the event loop each time a session is registered (traps waiting can go). */
    private final Runnable onRegistered;

    private final Sets sets;
    private final AtomicInteger packetIds = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();
    private volatile Channel channel;
    private volatile int sessionId;
    private volatile boolean registered;
    private volatile boolean closed;
    private volatile boolean reportedDown;
    /** Packet ids of our Open and Register PDUs awaiting their response (event loop thread only). */
    private final Map<Integer, Oid> pendingRegistrations = new HashMap<>();

    private int openPacketId = -1;

    AgentxClient(
            SnmpSettings.Target target,
            List<MibSource> sources,
            Sets sets,
            MibInputs.MasterClock clock,
            EventLoopGroup loop,
            Runnable onRegistered) {
        this.onRegistered = onRegistered;
        this.sets = sets;
        this.target = target;
        this.sources = List.copyOf(sources);
        this.clock = clock;
        this.loop = loop;
    }

    void start() {
        connect();
    }

    /** Sessions opened so far (1 after the first, +1 after each reconnect). */
    long sessions() {
        return sessions.get();
    }

    /** True once the master accepted every registration of the current session. */
    boolean registered() {
        return registered;
    }

    /** Malformed PDUs received and dropped. */
    long dropped() {
        return dropped.get();
    }

    private void connect() {
        if (closed) {
            return;
        }
        SocketAddress address = target.unix()
                ? new DomainSocketAddress(target.unixPath())
                : new InetSocketAddress(target.host(), target.port());
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(target.unix() ? EpollDomainSocketChannel.class : EpollSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Framer(), new Session());
                    }
                });
        b.connect(address).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                if (!reportedDown) {
                    LOG.warn(
                            "AgentX: cannot connect to {} ({}); retrying every {} s",
                            target,
                            f.cause().getMessage(),
                            RETRY_SECONDS);
                    reportedDown = true;
                }
                retry();
            }
        });
    }

    private void retry() {
        if (!closed) {
            loop.schedule(this::connect, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Sends a notification (trap): sysUpTime.0 is put first, then the given varbinds, which start
     * with snmpTrapOID.0. Returns false (nothing sent) while the session is not registered.
     */
    boolean notify(List<VarBind> varBinds) {
        Channel ch = channel;
        if (ch == null || !registered) {
            return false;
        }
        List<VarBind> list = new ArrayList<>();
        list.add(new VarBind(Oid.parse("1.3.6.1.2.1.1.3.0"), Value.timeTicks(clock.now())));
        list.addAll(varBinds);
        send(ch, new Pdu(Pdu.NOTIFY, 0, sessionId, 0, packetIds.incrementAndGet(), null, new Pdu.VarBinds(list)));
        return true;
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            try {
                if (registered) {
                    ch.writeAndFlush(buffer(new Pdu(
                                    Pdu.CLOSE,
                                    0,
                                    sessionId,
                                    0,
                                    packetIds.incrementAndGet(),
                                    null,
                                    new Pdu.Close(Pdu.REASON_SHUTDOWN))))
                            .await(1, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ch.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }

    private static ByteBuf buffer(Pdu pdu) {
        return Unpooled.wrappedBuffer(AgentxCodec.encode(pdu));
    }

    private static void send(Channel ch, Pdu pdu) {
        ch.writeAndFlush(buffer(pdu));
    }

    /** Cuts the stream into whole PDUs by the header's payload length. */
    private static final class Framer extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < AgentxCodec.HEADER_LENGTH) {
                return;
            }
            ByteBuffer header = ByteBuffer.allocate(AgentxCodec.HEADER_LENGTH);
            in.getBytes(in.readerIndex(), header);
            header.flip();
            long length = AgentxCodec.payloadLength(header);
            if (length > 1 << 20) {
                // no framing can be trusted after this: start the session again
                LOG.warn("AgentX: PDU of {} bytes from the master, reconnecting", length);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < AgentxCodec.HEADER_LENGTH + length) {
                return;
            }
            out.add(in.readRetainedSlice(AgentxCodec.HEADER_LENGTH + (int) length));
        }
    }

    private final class Session extends SimpleChannelInboundHandler<ByteBuf> {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            openPacketId = packetIds.incrementAndGet();
            send(
                    ctx.channel(),
                    new Pdu(
                            Pdu.OPEN,
                            0,
                            0,
                            0,
                            openPacketId,
                            null,
                            new Pdu.Open(0, KeepalivedMib.ROOT, "keepalived-j")));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            boolean wasRegistered = registered;
            registered = false;
            channel = null;
            pendingRegistrations.clear();
            if (!closed) {
                if (wasRegistered) {
                    LOG.warn("AgentX: connection to {} lost; reconnecting", target);
                }
                reportedDown = false;
                retry();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("AgentX: {} on the connection to {}", cause.toString(), target);
            ctx.close();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            Pdu pdu;
            try {
                pdu = AgentxCodec.decode(frame.nioBuffer());
            } catch (AgentxCodec.MalformedPduException e) {
                dropped.incrementAndGet();
                LOG.warn("AgentX: dropped a malformed PDU from {}: {}", target, e.getMessage());
                return;
            }
            Channel ch = ctx.channel();
            switch (pdu.type()) {
                case Pdu.RESPONSE -> response(ch, pdu);
                case Pdu.GET, Pdu.GET_NEXT, Pdu.GET_BULK -> ch.writeAndFlush(answer(pdu));
                case Pdu.TEST_SET -> {
                    Sets.Outcome o = sets.test(pdu.transactionId(), ((Pdu.VarBinds) pdu.payload()).varBinds());
                    send(ch, pdu.reply(new Pdu.Response(clock.now(), o.error(), o.index(), List.of())));
                }
                case Pdu.COMMIT_SET ->
                    send(ch, pdu.reply(new Pdu.Response(clock.now(), sets.commit(pdu.transactionId()), 0, List.of())));
                case Pdu.UNDO_SET ->
                    send(ch, pdu.reply(new Pdu.Response(clock.now(), sets.undo(pdu.transactionId()), 0, List.of())));
                case Pdu.CLEANUP_SET -> sets.cleanup(pdu.transactionId());
                case Pdu.CLOSE -> {
                    LOG.info("AgentX: the master closed the session");
                    ctx.close();
                }
                default -> send(ch, pdu.reply(new Pdu.Response(clock.now(), Pdu.PROCESSING_ERROR, 0, List.of())));
            }
        }

        private void response(Channel ch, Pdu pdu) {
            Pdu.Response r = (Pdu.Response) pdu.payload();
            clock.learnt(r.sysUpTime());
            if (pdu.packetId() == openPacketId) {
                openPacketId = -1;
                if (r.error() != Pdu.NO_ERROR) {
                    LOG.warn("AgentX: {} refused our session (error {})", target, r.error());
                    ch.close();
                    return;
                }
                sessionId = pdu.sessionId();
                for (MibSource s : sources) {
                    for (Oid subtree : s.subtrees()) {
                        int id = packetIds.incrementAndGet();
                        pendingRegistrations.put(id, subtree);
                        send(ch, new Pdu(Pdu.REGISTER, 0, sessionId, 0, id, null, new Pdu.Register(0, 127, subtree)));
                    }
                }
                return;
            }
            Oid subtree = pendingRegistrations.remove(pdu.packetId());
            if (subtree == null) {
                return;
            }
            if (r.error() != Pdu.NO_ERROR) {
                LOG.warn("AgentX: {} refused to register {} (error {})", target, subtree, r.error());
            }
            if (pendingRegistrations.isEmpty()) {
                registered = true;
                sessions.incrementAndGet();
                LOG.info("AgentX: registered with {} (session {})", target, sessionId);
                onRegistered.run();
            }
        }

        private ByteBuf answer(Pdu request) {
            Map<Oid, Value> values = new HashMap<>();
            for (MibSource s : sources) {
                try {
                    s.collect(values);
                } catch (RuntimeException e) {
                    LOG.warn("AgentX: reading {} failed", s.subtrees(), e);
                    return buffer(request.reply(new Pdu.Response(clock.now(), Pdu.GEN_ERR, 1, List.of())));
                }
            }
            MibSnapshot snapshot = new MibSnapshot(values);
            List<VarBind> out = new ArrayList<>();
            if (request.payload() instanceof Pdu.Search s) {
                s.ranges().forEach(r -> out.add(request.type() == Pdu.GET ? snapshot.get(r) : snapshot.next(r)));
            } else if (request.payload() instanceof Pdu.Bulk b) {
                out.addAll(snapshot.bulk(b));
            }
            return buffer(request.reply(new Pdu.Response(clock.now(), Pdu.NO_ERROR, 0, out)));
        }
    }
}
