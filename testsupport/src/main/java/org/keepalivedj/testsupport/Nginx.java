package org.keepalivedj.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx for the checker tests and benchmarks, run from a directory that holds all of it
 * (config, pid, logs, temp paths, and for TLS a self-signed certificate {@code cert.pem}/{@code key.pem}),
 * stopped with its workers and its directory removed on {@link #close()}.
 */
public final class Nginx implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Path dir;
    private final Process process;

    private Nginx(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Skips the calling test unless nginx and openssl are installed and this is root. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(installed(), "nginx is not installed (apt-get install nginx-light)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "nginx is run as root here");
    }

    /** Makes a directory with a self-signed certificate for {@code commonName}, for {@link #start}. */
    public static Path directory(String prefix, String commonName) throws Exception {
        Path dir = Files.createTempDirectory(prefix);
        selfSigned(commonName, dir.resolve("key.pem"), dir.resolve("cert.pem"));
        return dir;
    }

    /** Makes a self-signed certificate (2 days, RSA 2048, key unencrypted) for {@code commonName}. */
    public static void selfSigned(String commonName, Path key, Path certificate) throws Exception {
        run(
                "/usr/bin/openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=" + commonName,
                "-keyout",
                key.toString(),
                "-out",
                certificate.toString());
    }

    /**
     * Starts nginx in {@code dir} with the given server blocks (given the directory) inside its http
     * block, 64 connections and no access log, and waits until each listed address accepts connections.
     */
    public static Nginx start(Path dir, Function<Path, List<String>> servers, InetSocketAddress... listening)
            throws Exception {
        return start(
                dir,
                "events { worker_connections 64; }",
                "access_log off;\n" + String.join("\n", servers.apply(dir)),
                listening);
    }

    /**
     * Starts nginx in {@code dir} on these top-level lines (with its events block) and lines of its
     * http block; its pid, error log and temp paths are added, in the directory. Waits until each
     * listed address accepts connections.
     */
    public static Nginx start(Path dir, String mainLines, String httpLines, InetSocketAddress... listening)
            throws Exception {
        StringBuilder temp = new StringBuilder();
        for (String t : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            temp.append(t).append("_temp_path ").append(dir.resolve(t)).append(";\n");
        }
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(
                dir.resolve("nginx.conf"),
                user + "pid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log") + ";\n"
                        + mainLines + "\nhttp {\n" + temp + httpLines + "\n}\n");
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString(),
                        "-g",
                        "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout").toFile())
                .start();
        Nginx nginx = new Nginx(dir, process);
        try {
            for (InetSocketAddress address : listening) {
                nginx.awaitListening(address);
            }
        } catch (Exception | Error e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    /** The ssl_certificate and ssl_certificate_key lines of the directory's self-signed certificate. */
    public static String tls(Path dir) {
        return "ssl_certificate " + dir.resolve("cert.pem") + "; ssl_certificate_key " + dir.resolve("key.pem") + ";";
    }

    /** A port nothing listens on at the moment, on the loopback address. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private void awaitListening(InetSocketAddress address) throws Exception {
        // long enough for a config of thousands of listen lines (the check benchmarks)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(address, 500);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    // read before close() deletes the directory
                    String log = Files.readString(dir.resolve("stdout"));
                    throw new IllegalStateException("nginx did not start on " + address + ": " + log);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Runs a command to its end; fails unless it exits 0 within 30 s. */
    public static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0)) {
            throw new AssertionError(String.join(" ", command) + " failed");
        }
    }

    /** Stops nginx (SIGTERM lets the master stop its workers; SIGKILL would orphan them) and deletes its directory. */
    @Override
    public void close() throws Exception {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        workers.forEach(ProcessHandle::destroyForcibly);
        deleteTree(dir);
    }

    /** Deletes a directory and everything in it. */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
