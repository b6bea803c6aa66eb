package org.keepalivedj.alerts.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import javax.management.DynamicMBean;
import javax.management.StandardMBean;
import org.keepalivedj.alerts.AlertsMXBean;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.AdvertError;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The alerts as OSGi services: a {@link Subsystem} that takes each loaded config's mail settings
 * (ordered before the static addresses and VRRP, so the first transitions already mail), a
 * {@link VrrpStateListener} and {@link LvsStateListener} service that VRRP and LVS bind, and {@code keepalived:type=Alerts} through the JMX whiteboard.
 */
@Component(
        service = {Subsystem.class, DynamicMBean.class, VrrpStateListener.class, LvsStateListener.class},
        immediate = true,
        property = "jmx.objectname=" + AlertsMXBean.OBJECT_NAME)
public final class AlertsComponent extends StandardMBean
        implements Subsystem, AlertsMXBean, VrrpStateListener, LvsStateListener {
    /** Before ORDER_STATIC: the settings are in place before anything can change state. */
    static final int ORDER_ALERTS = ORDER_STATIC - 5;

    private static final int QUEUE_CAPACITY = 100;

    private final Alerts alerts;

    public AlertsComponent() {
        this(
                new MailSender(
                        QUEUE_CAPACITY,
                        MailSender.Retry.DEFAULT,
                        new SmtpClient(ZoneId.systemDefault()),
                        AlertLog.SLF4J),
                hostName());
    }

    AlertsComponent(MailSender sender, String hostName) {
        super(AlertsMXBean.class, true);
        this.alerts = new Alerts(sender, Clock.systemUTC(), hostName);
    }

    @Deactivate
    void deactivate() {
        alerts.clear();
        alerts.sender().close();
    }

    // ---- the listeners VRRP and LVS bind (the whiteboard) ------------------------------------

    @Override
    public void stateChanged(VrrpInstanceView instance, InstanceState from, InstanceState to) {
        alerts.stateChanged(instance, from, to);
    }

    @Override
    public void advertRejected(VrrpInstanceView instance, AdvertError error, InetAddress source) {
        alerts.advertRejected(instance, error, source);
    }

    @Override
    public void realServerChanged(VirtualServerView virtualServer, RealServerView realServer, boolean up) {
        alerts.realServerChanged(virtualServer, realServer, up);
    }

    @Override
    public void checkerChanged(
            VirtualServerView virtualServer, RealServerView realServer, CheckerStatus checker, boolean serverChanged) {
        alerts.checkerChanged(virtualServer, realServer, checker, serverChanged);
    }

    @Override
    public void quorumChanged(VirtualServerView virtualServer, boolean up) {
        alerts.quorumChanged(virtualServer, up);
    }

    @Override
    public void startedWithQuorum(VirtualServerView virtualServer) {
        alerts.startedWithQuorum(virtualServer);
    }

    Alerts alerts() {
        return alerts;
    }

    // ---- Subsystem ------------------------------------------------------------------------

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public Kind kind() {
        return Kind.MANAGEMENT;
    }

    @Override
    public int order() {
        return ORDER_ALERTS;
    }

    @Override
    public void apply(KeepalivedConfig config) {
        alerts.apply(config);
    }

    /** Mails already queued still go out; nothing new is queued until the next config. */
    @Override
    public void stop() {
        alerts.clear();
    }

    // ---- AlertsMXBean ---------------------------------------------------------------------

    @Override
    public boolean isEnabled() {
        return alerts.smtp().isPresent();
    }

    @Override
    public String getSmtpServer() {
        return alerts.smtp().map(SmtpSettings::server).orElse("");
    }

    @Override
    public long getSent() {
        return alerts.sender().sent();
    }

    @Override
    public long getFailed() {
        return alerts.sender().failed();
    }

    @Override
    public long getDropped() {
        return alerts.sender().dropped();
    }

    @Override
    public int getQueued() {
        return alerts.sender().queued();
    }

    @Override
    public String getLastError() {
        return alerts.sender().lastError();
    }

    /** keepalived's default for router_id and smtp_helo_name. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs: fall through
        }
        return "localhost";
    }
}
