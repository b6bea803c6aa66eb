package org.keepalivedj.alerts.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the sender tells operators: one line when an outage starts, one when it ends, one per mail sent. */
interface AlertLog {
    void unreachable(String server, String reason);

    void reachableAgain(String server, long failedMails);

    void sent(String subject);

    /** The container's log. */
    AlertLog SLF4J = new AlertLog() {
        private final Logger log = LoggerFactory.getLogger(MailSender.class);

        @Override
        public void unreachable(String server, String reason) {
            log.warn(
                    "SMTP alerts: cannot send through {}: {} (alerts are retried, then dropped;"
                            + " logged again when the server answers)",
                    server,
                    reason);
        }

        @Override
        public void reachableAgain(String server, long failedMails) {
            log.info("SMTP alerts: {} accepts mail again ({} alerts were given up meanwhile)", server, failedMails);
        }

        @Override
        public void sent(String subject) {
            log.info("SMTP alert successfully sent: {}", subject);
        }
    };
}
