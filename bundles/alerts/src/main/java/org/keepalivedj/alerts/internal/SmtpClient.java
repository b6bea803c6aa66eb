package org.keepalivedj.alerts.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * Sends one mail over a plain SMTP dialogue (greeting, HELO, MAIL FROM, RCPT TO for each recipient,
 * DATA, QUIT), as keepalived does: no ESMTP, no TLS, no authentication. Blocking, with
 * smtp_connect_timeout bounding the connect and each reply; it runs on the alert worker thread only.
 */
final class SmtpClient implements MailSender.Transport {
    /** RFC 5321 4.5.3.1.5 allows 512 octets for a reply line; more is a broken peer, not a reply. */
    private static final int MAX_LINE = 4096;

    private final ZoneId zone;

    SmtpClient(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void send(SmtpSettings settings, Mail mail) throws IOException {
        int timeoutMillis =
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            expect(in, "greeting", 220);
            command(in, out, "HELO " + settings.heloName(), "HELO", 250);
            command(in, out, "MAIL FROM:<" + settings.from() + ">", "MAIL FROM", 250);
            for (String to : settings.recipients()) {
                command(in, out, "RCPT TO:<" + to + ">", "RCPT TO " + to, 250, 251);
            }
            command(in, out, "DATA", "DATA", 354);
            out.write((MailText.render(settings, mail, zone) + ".\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            expect(in, "message", 250);
            try {
                command(in, out, "QUIT", "QUIT", 221);
            } catch (IOException afterDelivery) {
                // the server has taken the mail; how it closes the dialogue does not matter
            }
        }
    }

    private static void command(InputStream in, OutputStream out, String line, String step, int... accepted)
            throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, step, accepted);
    }

    /** Reads one reply (all its "NNN-" continuation lines) and checks its code. */
    private static void expect(InputStream in, String step, int... accepted) throws IOException {
        String line;
        do {
            line = readLine(in);
        } while (line.length() > 3 && line.charAt(3) == '-');
        int code = line.length() >= 3 && line.substring(0, 3).chars().allMatch(Character::isDigit)
                ? Integer.parseInt(line.substring(0, 3))
                : -1;
        for (int ok : accepted) {
            if (code == ok) {
                return;
            }
        }
        throw new SmtpException(step, line);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("the SMTP server closed the connection");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("SMTP reply line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
