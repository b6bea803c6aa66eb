package org.keepalivedj.alerts.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts from a bounded queue on one worker thread. {@link #submit} never blocks, so VRRP and
 * the checkers are never held up by mail: a full queue drops the new mail and counts it. Each mail
 * is tried a bounded number of times with a doubling pause, then given up and counted. An outage
 * is logged once when it starts and once when it ends, not once per mail.
 */
final class MailSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailSender.class);

    /** One SMTP delivery; throws when the mail was not accepted. */
    interface Transport {
        void send(SmtpSettings settings, Mail mail) throws IOException;
    }

    /** attempts per mail (at least 1); the pause before the second attempt, doubled for each next one. */
    record Retry(int attempts, Duration firstPause) {
        static final Retry DEFAULT = new Retry(3, Duration.ofSeconds(2));
    }

    private record Item(SmtpSettings settings, Mail mail) {}

    private final BlockingQueue<Item> queue;
    private final Retry retry;
    private final Transport transport;
    private final AlertLog log;
    private final Thread worker;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String lastError = "";
    private volatile boolean closed;
    // worker thread only
    private boolean inOutage;
    private long failedInOutage;

    MailSender(int capacity, Retry retry, Transport transport, AlertLog log) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.retry = retry;
        this.transport = transport;
        this.log = log;
        this.worker = new Thread(this::run, "keepalived-alerts");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues a mail; false (and counted as dropped) when the queue is full or the sender closed. */
    boolean submit(SmtpSettings settings, Mail mail) {
        if (closed || !queue.offer(new Item(settings, mail))) {
            dropped.incrementAndGet();
            LOG.debug("SMTP alert dropped (queue full): {}", mail.subject());
            return false;
        }
        return true;
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    long dropped() {
        return dropped.get();
    }

    int queued() {
        return queue.size();
    }

    String lastError() {
        return lastError;
    }

    private void run() {
        try {
            while (!closed) {
                Item item = queue.poll(1, TimeUnit.SECONDS);
                if (item != null) {
                    deliver(item);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Item item) throws InterruptedException {
        Duration pause = retry.firstPause();
        for (int attempt = 1; ; attempt++) {
            try {
                transport.send(item.settings(), item.mail());
                sent.incrementAndGet();
                lastError = "";
                if (inOutage) {
                    inOutage = false;
                    log.reachableAgain(item.settings().server(), failedInOutage);
                }
                log.sent(item.mail().subject());
                return;
            } catch (IOException | RuntimeException e) {
                lastError = item.settings().server() + ": " + describe(e);
                if (!inOutage) {
                    inOutage = true;
                    failedInOutage = 0;
                    log.unreachable(item.settings().server(), describe(e));
                } else {
                    LOG.debug("SMTP alert attempt {} failed: {}", attempt, lastError);
                }
            }
            if (attempt >= retry.attempts() || closed) {
                failed.incrementAndGet();
                failedInOutage++;
                LOG.debug(
                        "SMTP alert given up after {} attempts: {}",
                        attempt,
                        item.mail().subject());
                return;
            }
            Thread.sleep(pause.toMillis());
            pause = pause.multipliedBy(2);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }

    /** Stops the worker; mails still queued are not sent. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
