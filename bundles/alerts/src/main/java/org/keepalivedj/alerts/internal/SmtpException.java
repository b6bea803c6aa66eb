package org.keepalivedj.alerts.internal;

import java.io.IOException;

/** The SMTP server answered a step of the dialogue with an unexpected reply. */
final class SmtpException extends IOException {
    private static final long serialVersionUID = 1L;

    SmtpException(String step, String reply) {
        super(step + " refused: " + reply);
    }
}
