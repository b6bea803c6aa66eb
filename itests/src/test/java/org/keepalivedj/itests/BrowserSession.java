package org.keepalivedj.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.keepalivedj.testsupport.Netns;

/**
 * A headless Chromium driven through chromedriver's W3C WebDriver HTTP protocol, inside a network
 * namespace (Debian's chromium and chromium-driver). Just what the status-page test needs: open a
 * page, find an element by CSS selector, click it, accept a confirm() dialog, read the page source,
 * take a screenshot. JSON is written and read by hand: the protocol's few shapes are fixed.
 */
final class BrowserSession implements AutoCloseable {
    /** The W3C key under which an element reference comes back. */
    private static final String ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";

    private static final int PORT = 9515;

    private final Netns ns;
    private final String session;

    private BrowserSession(Netns ns, String session) {
        this.ns = ns;
        this.session = session;
    }

    /** Starts chromedriver in the namespace (killed when the namespace closes) and a browser session. */
    static BrowserSession start(Netns ns, Path profile) throws Exception {
        ns.start("/usr/bin/chromedriver", "--port=" + PORT, "--silent");
        String body = "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\",\"goog:chromeOptions\":{"
                + "\"binary\":\"/usr/bin/chromium\",\"args\":[\"--headless\",\"--no-sandbox\",\"--disable-gpu\","
                + "\"--window-size=1280,800\",\"--user-data-dir=" + profile.toAbsolutePath() + "\"]}}}}";
        String[] answer = new String[1];
        Awaits.until("chromedriver starts a session", 60_000, () -> {
            answer[0] = request(ns, "POST", "/session", body);
            return answer[0] != null && answer[0].contains("\"sessionId\"");
        });
        return new BrowserSession(ns, field(answer[0], "sessionId"));
    }

    void open(String url) throws Exception {
        call("POST", "/url", "{\"url\":\"" + url + "\"}");
    }

    /** The element's reference, or null when the page has no such element (yet). */
    String find(String cssSelector) throws Exception {
        String answer = request(
                ns,
                "POST",
                "/session/" + session + "/element",
                "{\"using\":\"css selector\",\"value\":\"" + cssSelector.replace("\"", "\\\"") + "\"}");
        return answer == null ? null : field(answer, ELEMENT_KEY);
    }

    /** Clicks the element; false when it went stale (the page redraws its tables every 2 s) or is gone. */
    boolean click(String element) throws Exception {
        String answer = request(ns, "POST", "/session/" + session + "/element/" + element + "/click", "{}");
        return answer != null && !answer.contains("\"error\"");
    }

    /** Accepts the open alert or confirm() dialog; false when there is none (yet). */
    boolean acceptDialog() throws Exception {
        String answer = request(ns, "POST", "/session/" + session + "/alert/accept", "{}");
        return answer != null && !answer.contains("\"error\"");
    }

    String source() throws Exception {
        String answer = call("GET", "/source", null);
        return unescape(field(answer, "value"));
    }

    void screenshot(Path file) throws Exception {
        String png = field(call("GET", "/screenshot", null), "value");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    @Override
    public void close() throws Exception {
        request(ns, "DELETE", "/session/" + session, null);
    }

    private String call(String method, String path, String body) throws Exception {
        String answer = request(ns, method, "/session/" + session + path, body);
        if (answer == null || answer.contains("\"error\"")) {
            throw new AssertionError("WebDriver " + method + " " + path + " failed: " + answer);
        }
        return answer;
    }

    /** One WebDriver request on the namespace's loopback; the answer's body, null when nothing answers. */
    private static String request(Netns ns, String method, String path, String body) throws Exception {
        return ns.call(() -> {
            try {
                HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + PORT + path).openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(60_000);
                c.setRequestMethod(method);
                c.setRequestProperty("Connection", "close"); // the JDK pools by host and port, not by namespace
                if (body != null) {
                    c.setDoOutput(true);
                    c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(body.getBytes(StandardCharsets.UTF_8));
                    }
                }
                int status = c.getResponseCode();
                try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                    String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    return status < 400 ? text : "{\"error\":" + status + ",\"body\":" + quote(text) + "}";
                }
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** The string value of the first "name":"..." in the JSON text, null when absent. */
    private static String field(String json, String name) {
        // A scan, not a regex: a screenshot or a page source is far too long for a backtracking pattern.
        int at = json.indexOf("\"" + name + "\"");
        if (at < 0) {
            return null;
        }
        int i = at + name.length() + 2;
        while (i < json.length() && (json.charAt(i) == ':' || Character.isWhitespace(json.charAt(i)))) {
            i++;
        }
        if (i >= json.length() || json.charAt(i) != '"') {
            return null;
        }
        int start = ++i;
        while (i < json.length() && json.charAt(i) != '"') {
            i += json.charAt(i) == '\\' ? 2 : 1;
        }
        return i >= json.length() ? null : json.substring(start, i);
    }

    private static String unescape(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\' || i + 1 == s.length()) {
                out.append(ch);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
