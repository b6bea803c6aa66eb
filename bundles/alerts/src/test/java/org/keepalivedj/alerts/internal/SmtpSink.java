package org.keepalivedj.alerts.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real SMTP server for the tests: Debian's python3-aiosmtpd on 127.0.0.1, delivering into a
 * Maildir that the test reads. Started by the test and stopped (the process killed) by close().
 */
final class SmtpSink implements AutoCloseable {
    /** Debian's interpreter: a python3 earlier on PATH (pyenv, venv) does not see the Debian package. */
    private static final String PYTHON =
            Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private static final Duration START_DEADLINE = Duration.ofSeconds(30);

    /** One delivered mail: its headers (aiosmtpd adds X-MailFrom and X-RcptTo for the envelope) and body. */
    record Received(Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        String subject() {
            return header("Subject");
        }
    }

    private final Process process;
    private final Path maildir;
    private final int port;

    private SmtpSink(Process process, Path maildir, int port) {
        this.process = process;
        this.maildir = maildir;
        this.port = port;
    }

    /** Skips the calling test (with the reason) when python3-aiosmtpd is not installed. */
    static void assumeInstalled() throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", "import aiosmtpd")
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        Assumptions.assumeTrue(
                done && p.exitValue() == 0,
                "needs the Debian package python3-aiosmtpd (apt-get install -y python3-aiosmtpd)");
    }

    static SmtpSink start(Path maildir) throws Exception {
        return start(maildir, freePort());
    }

    static SmtpSink start(Path maildir, int port) throws Exception {
        assumeInstalled();
        Process process = new ProcessBuilder(
                        PYTHON,
                        "-m",
                        "aiosmtpd",
                        "-n",
                        "-l",
                        "127.0.0.1:" + port,
                        "-c",
                        "aiosmtpd.handlers.Mailbox",
                        maildir.toString())
                .redirectErrorStream(true)
                .redirectOutput(
                        maildir.resolveSibling(maildir.getFileName() + ".log").toFile())
                .start();
        SmtpSink sink = new SmtpSink(process, maildir, port);
        try {
            sink.awaitGreeting();
        } catch (Exception | Error e) {
            sink.close();
            throw e;
        }
        return sink;
    }

    int port() {
        return port;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private void awaitGreeting() throws Exception {
        long end = System.nanoTime() + START_DEADLINE.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "aiosmtpd exited with " + process.exitValue() + " before answering on " + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                byte[] greeting = new byte[3];
                if (in.readNBytes(greeting, 0, 3) == 3
                        && new String(greeting, StandardCharsets.US_ASCII).equals("220")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("aiosmtpd did not answer on " + port + " within " + START_DEADLINE);
            }
            Thread.sleep(100);
        }
    }

    /** Every mail delivered so far, oldest first. */
    List<Received> mails() throws IOException {
        Path dir = maildir.resolve("new");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted(Comparator.comparing(SmtpSink::modified).thenComparing(Path::toString))
                    .toList();
        }
        List<Received> mails = new ArrayList<>();
        for (Path f : files) {
            mails.add(parse(Files.readString(f, StandardCharsets.UTF_8)));
        }
        return mails;
    }

    /** Waits (generously) until a mail matching the condition has arrived, and returns it. */
    Received await(Predicate<Received> condition, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            for (Received r : mails()) {
                if (condition.test(r)) {
                    return r;
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no mail " + what + " within 30 s; received: "
                        + mails().stream().map(Received::subject).toList());
            }
            Thread.sleep(100);
        }
    }

    Received awaitSubject(String subject) throws Exception {
        return await(r -> subject.equals(r.subject()), "with subject \"" + subject + "\"");
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    static Received parse(String text) {
        String normalized = text.replace("\r\n", "\n");
        int split = normalized.indexOf("\n\n");
        String head = split < 0 ? normalized : normalized.substring(0, split);
        String body = split < 0 ? "" : normalized.substring(split + 2);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(
                        line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        return new Received(headers, body);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
