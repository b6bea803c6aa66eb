package org.keepalivedj.alerts;

/**
 * The e-mail alerts as JMX shows them ({@code keepalived:type=Alerts}): whether mail is configured,
 * and what became of the mails since the daemon started.
 */
public interface AlertsMXBean {
    String OBJECT_NAME = "keepalived:type=Alerts";

    /** True when the config names an SMTP server and at least one recipient. */
    boolean isEnabled();

    /** {@code host:port} of the SMTP server, empty when none is configured. */
    String getSmtpServer();

    /** Mails the SMTP server accepted. */
    long getSent();

    /** Mails given up after every attempt failed. */
    long getFailed();

    /** Mails never tried because the queue was full. */
    long getDropped();

    /** Mails waiting to be sent now. */
    int getQueued();

    /** Why the last attempt failed, empty when the last attempt succeeded or none was made. */
    String getLastError();
}
