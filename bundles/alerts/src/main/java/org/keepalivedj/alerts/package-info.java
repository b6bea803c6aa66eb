/**
 * keepalived's e-mail alerts: {@code notification_email}, {@code smtp_server} and the
 * {@code smtp_alert} keywords. The counters are published as {@link org.keepalivedj.alerts.AlertsMXBean}.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.keepalivedj.alerts;
