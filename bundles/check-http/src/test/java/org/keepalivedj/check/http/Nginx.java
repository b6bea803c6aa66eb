package org.keepalivedj.check.http;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real nginx for the checker tests, run as root from a temporary directory that holds all of
 * it (config, pid, logs, temp paths, a self-signed certificate {@code cert.pem}/{@code key.pem}),
 * stopped with its workers and removed on {@link #close()}.
 */
final class Nginx implements AutoCloseable {

    final Path dir;
    private final Process process;

    private Nginx(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Skips the calling test unless nginx and openssl are installed and this is root. */
    static void assumeAvailable() {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/nginx")), "nginx is not installed (apt-get install nginx-light)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "nginx is run as root here");
    }

    /** Makes a directory with a self-signed certificate for {@code commonName}, for {@link #start}. */
    static Path directory(String prefix, String commonName) throws Exception {
        Path dir = Files.createTempDirectory(prefix);
        selfSigned(commonName, dir.resolve("key.pem"), dir.resolve("cert.pem"));
        return dir;
    }

    /** Makes a self-signed certificate (2 days, RSA 2048, key unencrypted) for {@code commonName}. */
    static void selfSigned(String commonName, Path key, Path certificate) throws Exception {
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
     * block, and waits until each listed address accepts connections.
     */
    static Nginx start(Path dir, Function<Path, List<String>> servers, InetSocketAddress... listening)
            throws Exception {
        List<String> conf = new ArrayList<>(List.of(
                "user root;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + ";",
                "events { worker_connections 64; }",
                "http {",
                "access_log off;",
                "client_body_temp_path " + dir + "/body; proxy_temp_path " + dir + "/proxy;",
                "fastcgi_temp_path " + dir + "/fcgi; uwsgi_temp_path " + dir + "/uwsgi; scgi_temp_path " + dir
                        + "/scgi;"));
        conf.addAll(servers.apply(dir));
        conf.add("}");
        conf.add("");
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n", conf));
        Process process = new ProcessBuilder(
                        "/usr/sbin/nginx",
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
    static String tls(Path dir) {
        return "ssl_certificate " + dir.resolve("cert.pem") + "; ssl_certificate_key " + dir.resolve("key.pem") + ";";
    }

    /** A port nothing listens on at the moment, on the loopback address. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private void awaitListening(InetSocketAddress address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
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
    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + " failed");
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

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
