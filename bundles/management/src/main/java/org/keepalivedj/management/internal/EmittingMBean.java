package org.keepalivedj.management.internal;

import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.StandardEmitterMBean;

/** An MXBean that sends notifications of the types it declares, numbered from 1. */
abstract class EmittingMBean extends StandardEmitterMBean {

    private final AtomicLong sequence = new AtomicLong();

    <T> EmittingMBean(Class<T> mxbeanInterface, String description, String... types) {
        super(
                mxbeanInterface,
                true,
                new NotificationBroadcasterSupport(
                        new MBeanNotificationInfo(types, Notification.class.getName(), description)));
    }

    /** Sends a notification of that type with that message and user data (null for none). */
    final void emit(String type, String message, Object userData) {
        Notification n = new Notification(type, this, sequence.incrementAndGet(), System.currentTimeMillis(), message);
        n.setUserData(userData);
        sendNotification(n);
    }
}
