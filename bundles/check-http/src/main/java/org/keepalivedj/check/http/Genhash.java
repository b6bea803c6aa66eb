package org.keepalivedj.check.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.checkers.HttpCheckSpec;

/**
 * keepalived's genhash: fetches a page and prints the MD5 of its body, the value for a url's
 * digest. {@code genhash [-S] -s server -p port -u url [-V virtualhost] [--sni name] [-P 1.0|1.0C|1.1]}.
 */
public final class Genhash {
    private Genhash() {}

    public static void main(String[] args) throws Exception {
        String server = null;
        String url = "/";
        String vhost = null;
        String sni = null;
        String protocol = null;
        int port = 0;
        boolean tls = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-S", "--use-ssl" -> tls = true;
                case "-s", "--server" -> server = args[++i];
                case "-p", "--port" -> port = Integer.parseInt(args[++i]);
                case "-u", "--url" -> url = args[++i];
                case "-V", "--virtualhost" -> vhost = args[++i];
                case "--sni" -> sni = args[++i];
                case "-P", "--protocol" -> protocol = args[++i];
                default -> usage("unknown option " + args[i]);
            }
        }
        if (server == null) {
            usage("-s server is required");
        }
        if (port == 0) {
            port = tls ? 443 : 80;
        }
        System.out.println(digest(InetAddress.getByName(server), port, url, vhost, tls, sni, protocol));
    }

    /** The MD5 (hex) of the body of url, whatever its status, or an exception saying why there is none. */
    public static String digest(
            InetAddress server, int port, String path, String vhost, boolean tls, String sni, String protocol)
            throws Exception {
        try (NettyCheckRuntime runtime = new NettyCheckRuntime(1, 1)) {
            return digest(runtime, server, port, path, vhost, tls, sni, protocol);
        }
    }

    /** As {@link #digest(InetAddress, int, String, String, boolean, String, String)}, on a running runtime. */
    public static String digest(
            CheckRuntime runtime,
            InetAddress server,
            int port,
            String path,
            String vhost,
            boolean tls,
            String sni,
            String protocol)
            throws Exception {
        CheckerSettings settings = new CheckerSettings(
                null,
                0,
                null,
                0,
                null,
                0,
                false,
                false,
                new CheckTiming(null, null, null, Duration.ofSeconds(10), null));
        HttpCheckSpec.Url url = new HttpCheckSpec.Url(
                Origin.NONE, path, null, List.of(), vhost, null, false, List.of(), 0, null, false);
        HttpCheckSpec spec = new HttpCheckSpec(
                tls ? "SSL_GET" : "HTTP_GET",
                Origin.NONE,
                settings,
                null,
                protocol,
                sni != null,
                sni,
                false,
                false,
                List.of(url));
        HttpCheckFactory factory = new HttpCheckFactory(runtime);
        HttpChecker checker =
                (HttpChecker) factory.create(spec, new CheckTarget("genhash", new Endpoint(server, port)));
        CompletableFuture<UrlFetch.Answer> answer = new CompletableFuture<>();
        var attempt = checker.fetch(0, answer::complete);
        attempt.get(15, TimeUnit.SECONDS);
        if (!answer.isDone()) {
            throw new IllegalStateException(attempt.get().detail());
        }
        return HexFormat.of().formatHex(answer.get().md5());
    }

    private static void usage(String why) {
        System.err.println("genhash: " + why);
        System.err.println(
                "usage: genhash [-S] -s server -p port -u url [-V virtualhost] [--sni name] [-P 1.0|1.0C|1.1]");
        System.exit(2);
    }
}
