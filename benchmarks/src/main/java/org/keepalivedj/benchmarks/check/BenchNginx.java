package org.keepalivedj.benchmarks.check;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real nginx for the check benchmarks, one process, everything of it in one directory. */
final class BenchNginx {
    private BenchNginx() {}

    /**
     * Starts nginx in dir with this configuration (its pid, error log and temp paths are added) and
     * waits until address:port accepts connections.
     */
    static Process start(Path dir, String mainLines, String httpLines, String address, int port) throws Exception {
        String temp = "";
        for (String t : new String[] {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
            temp += t + "_temp_path " + dir.resolve(t) + ";\n";
        }
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(
                dir.resolve("nginx.conf"),
                user + "pid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log") + ";\n"
                        + mainLines + "\nhttp {\n" + temp + httpLines + "\n}\n");
        Process p = new ProcessBuilder(
                        "/usr/sbin/nginx",
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString(),
                        "-g",
                        "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket(address, port)) {
                return p;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    p.destroy();
                    throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("out")));
                }
                Thread.sleep(50);
            }
        }
    }
}
