package org.keepalivedj.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keepalivedj.testsupport.CommandResult;
import org.keepalivedj.testsupport.Netns;

/**
 * One keepalived-j started with bin/keepalived -n inside a network namespace, as an operator runs
 * it, with Jolokia and the console reached on that namespace's loopback.
 */
public final class LaunchedNode {
    private final Netns ns;
    private final Path data;
    /** What the last Jolokia request got (status or exception), for failure messages. */
    private volatile String lastAnswer = "nothing yet";

    private LaunchedNode(Netns ns, Path data) {
        this.ns = ns;
        this.data = data;
    }

    /** Starts bin/keepalived -n --data DATA [extra args] in the namespace (killed when it is closed). */
    public static LaunchedNode start(Netns ns, Path data, String... extra) {
        return launch(ns, data, List.of(), extra);
    }

    /** As {@link #start}, under nohup: the launcher is started with SIGHUP ignored. */
    public static LaunchedNode startUnderNohup(Netns ns, Path data, String... extra) {
        return launch(ns, data, List.of("nohup"), extra);
    }

    /** As {@link #start}, with these variables added to the daemon's environment (systemd's NOTIFY_SOCKET, ...). */
    public static LaunchedNode startWithEnvironment(
            Netns ns, Path data, java.util.Map<String, String> environment, String... extra) {
        List<String> env = new ArrayList<>(List.of("env"));
        environment.forEach((name, value) -> env.add(name + "=" + value));
        return launch(ns, data, env, extra);
    }

    /** Runs PREFIX... bin/keepalived -n --data DATA [extra args] in the namespace. */
    private static LaunchedNode launch(Netns ns, Path data, List<String> prefix, String... extra) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Distribution.launcher().toString(), "-n", "--data", data.toString()));
        command.addAll(List.of(extra));
        ns.start(command.toArray(String[]::new));
        return new LaunchedNode(ns, data);
    }

    public Netns namespace() {
        return ns;
    }

    public long pid() throws IOException {
        return Long.parseLong(Files.readString(data.resolve("keepalived.pid")).trim());
    }

    public Path data() {
        return data;
    }

    /** Waits until Jolokia serves this MBean and returns its JSON. */
    public String awaitMBean(String objectName, long timeoutMillis) throws Exception {
        String[] body = new String[1];
        try {
            Awaits.until("Jolokia in " + ns.name() + " serves " + objectName, timeoutMillis, () -> {
                body[0] = get("/read/" + objectName, "viewer:viewer");
                if (body[0] != null && !body[0].contains("\"status\":200")) {
                    lastAnswer = body[0].substring(0, Math.min(400, body[0].length()));
                }
                return body[0] != null && body[0].contains("\"status\":200");
            });
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; last answer: " + lastAnswer + "; log tail:\n" + logTail(40), e);
        }
        return body[0];
    }

    /** The last lines of this node's log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(data.resolve("log/keepalived.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A Jolokia GET (path after /jolokia) as this user; null when nothing answers yet. */
    public String get(String path, String credentials) throws Exception {
        return request(path, null, credentials);
    }

    /** A Jolokia POST of one JSON request as this user (names with quotes and slashes need no escaping). */
    public String post(String json, String credentials) throws Exception {
        return request("", json, credentials);
    }

    private String request(String path, String body, String credentials) throws Exception {
        // Runs on the namespace's own thread: the socket belongs to that namespace's loopback.
        return ns.call(() -> {
            try {
                HttpURLConnection c =
                        (HttpURLConnection) new URL("http://127.0.0.1:8181/jolokia" + path).openConnection();
                if (body != null) {
                    c.setRequestMethod("POST");
                    c.setDoOutput(true);
                    c.setRequestProperty("Content-Type", "application/json");
                }
                c.setConnectTimeout(1000);
                c.setReadTimeout(10000);
                // The JDK pools keep-alive connections by host and port, not by namespace: never reuse.
                c.setRequestProperty("Connection", "close");
                c.setRequestProperty(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
                if (body != null) {
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(body.getBytes(StandardCharsets.UTF_8));
                    }
                }
                int status = c.getResponseCode();
                lastAnswer = "HTTP " + status;
                if (status != 200) {
                    return null;
                }
                try (var in = c.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                lastAnswer = e.toString();
                return null;
            }
        });
    }

    /**
     * Runs a console command through bin/client in the namespace, as this user. The SSH console
     * starts last (after Jolokia): bin/client retries its connection for up to 30 s.
     */
    public String console(String user, String command) throws Exception {
        Process p = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        ns.name(),
                        Distribution.home().resolve("bin/client").toString(),
                        "-u",
                        user,
                        "-p",
                        user,
                        "-r",
                        "30",
                        "-d",
                        "1",
                        "-b")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("console command did not finish: " + command);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    public CommandResult ip(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        return ns.execOrThrow(command);
    }

    public void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " failed");
        }
    }

    /** Sends SIGTERM and waits for the process to end. */
    public void stop() throws Exception {
        long pid = pid();
        signal("TERM");
        Awaits.until(
                "keepalived-j in " + ns.name() + " stopped",
                60_000,
                () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    /** A string attribute out of a Jolokia JSON answer. */
    public static String attribute(String json, String name) {
        Matcher m =
                Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError(name + " not in " + json);
        }
        return m.group(1).replace("\\/", "/");
    }
}
