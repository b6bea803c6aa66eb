package org.keepalivedj.alerts.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The DATA part of an alert: keepalived's headers, a blank line, the body; CRLF line ends, dot-stuffed. */
final class MailText {
    /** RFC 5322 date, with the numeric zone keepalived writes (+0000, not GMT). */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private MailText() {}

    static String render(SmtpSettings settings, Mail mail, ZoneId zone) {
        StringBuilder text = new StringBuilder();
        header(text, "Date", DATE.format(mail.at().atZone(zone)));
        header(text, "From", settings.from());
        header(text, "Subject", mail.subject());
        // keepalived's value: mail filters written for keepalived's alerts keep matching
        header(text, "X-Mailer", "Keepalived");
        header(text, "To", String.join(", ", settings.recipients()));
        text.append("\r\n");
        for (String line : mail.body().split("\r\n|\r|\n", -1)) {
            text.append(line).append("\r\n");
        }
        return dotStuff(text.toString());
    }

    /** A header value never breaks a line: a CR or LF in a name from the config would start a new header. */
    private static void header(StringBuilder text, String name, String value) {
        text.append(name).append(": ").append(value.replaceAll("[\r\n]+", " ")).append("\r\n");
    }

    /** RFC 5321 4.5.2: a line that starts with a dot gets one more, so it cannot end the DATA early. */
    static String dotStuff(String crlfText) {
        StringBuilder out = new StringBuilder(crlfText.length() + 8);
        boolean lineStart = true;
        for (int i = 0; i < crlfText.length(); i++) {
            char c = crlfText.charAt(i);
            if (lineStart && c == '.') {
                out.append('.');
            }
            out.append(c);
            lineStart = c == '\n';
        }
        return out.toString();
    }
}
