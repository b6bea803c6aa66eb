package org.keepalivedj.check.support.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.ExecutorService;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Registers the one shared check runtime (etc/org.keepalivedj.check.cfg sizes it). */
@Component(service = CheckRuntime.class, configurationPid = "org.keepalivedj.check")
@Designate(ocd = CheckRuntimeComponent.Settings.class)
public class CheckRuntimeComponent implements CheckRuntime {

    @ObjectClassDefinition(name = "keepalived-j checker runtime")
    public @interface Settings {
        @AttributeDefinition(description = "Event loop threads for network checks (0: one per core, at least 2)")
        int io_threads() default 0;

        @AttributeDefinition(description = "Threads for blocking work (scripts, files)")
        int blocking_threads() default 8;
    }

    private NettyCheckRuntime runtime;

    @Activate
    void activate(Settings settings) {
        runtime = new NettyCheckRuntime(settings.io_threads(), Math.max(1, settings.blocking_threads()));
    }

    @Deactivate
    void deactivate() {
        runtime.close();
    }

    @Override
    public EventLoopGroup eventLoops() {
        return runtime.eventLoops();
    }

    @Override
    public Class<? extends SocketChannel> socketChannelType() {
        return runtime.socketChannelType();
    }

    @Override
    public Class<? extends DatagramChannel> datagramChannelType() {
        return runtime.datagramChannelType();
    }

    @Override
    public boolean nativeTransport() {
        return runtime.nativeTransport();
    }

    @Override
    public ExecutorService blockingPool() {
        return runtime.blockingPool();
    }

    @Override
    public org.keepalivedj.check.support.ExchangeLoop exchangeLoop() {
        return runtime.exchangeLoop();
    }
}
