package org.keepalivedj.alerts.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import javax.management.DynamicMBean;
import javax.management.StandardMBean;
import org.keepalivedj.alerts.AlertsMXBean;
import org.keepalivedj.api.daemon.ManagementSubsystem;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The alerts as OSGi services: a {@link Subsystem} that takes each loaded config's mail settings
 * (ordered before the static addresses and VRRP, so the first transitions already mail), the
 * {@link VrrpStateListener} and {@link LvsStateListener} service that VRRP and LVS bind (the inner
 * {@link Alerts}), and {@code keepalived:type=Alerts} through the JMX whiteboard.
 */
@Component(
        service = {Subsystem.class, DynamicMBean.class},
        immediate = true,
        property = "jmx.objectname=" + AlertsMXBean.OBJECT_NAME)
public final class AlertsComponent extends StandardMBean implements ManagementSubsystem, AlertsMXBean {
    /** Before ORDER_STATIC: the settings are in place before anything can change state. */
    static final int ORDER_ALERTS = ORDER_STATIC - 5;

    private static final int QUEUE_CAPACITY = 100;

    private final Alerts alerts;
    private ServiceRegistration<?> listeners;

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

    /** {@link Alerts} itself is the listener service VRRP and LVS bind (the whiteboard). */
    @Activate
    void activate(BundleContext context) {
        listeners = context.registerService(
                new String[] {VrrpStateListener.class.getName(), LvsStateListener.class.getName()}, alerts, null);
    }

    @Deactivate
    void deactivate() {
        if (listeners != null) {
            listeners.unregister();
        }
        alerts.clear();
        alerts.sender().close();
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
