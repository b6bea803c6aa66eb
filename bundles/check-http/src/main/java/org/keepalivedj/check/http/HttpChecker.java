package org.keepalivedj.check.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.check.support.ChannelAttempt;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.ExchangeLoop;
import org.keepalivedj.check.support.ProbeSocket;
import org.keepalivedj.check.support.Targets;
import org.keepalivedj.config.checkers.HttpCheckSpec;

/**
 * One HTTP_GET or SSL_GET block for one real server. An attempt fetches every url in order, each on
 * its own connection with its own connect_timeout; the first url that fails makes the attempt down.
 * While the check holds its server down, keepalived 2.2.7 (observed in the user-mode-linux lab)
 * first fetches only the url that failed, once per delay_loop, until it passes; that pass does not
 * count: then it fetches every url from the first, one per delay_loop, and the server comes up when
 * the last one passes (each attempt answers pending until then; a failure makes that url the failed
 * one). A server starting down with alpha has no failed url and starts at the first. With
 * fast_recovery the passing failed url is followed at once by all urls in the same attempt.
 */
final class HttpChecker implements HealthChecker {
    private final CheckRuntime runtime;
    private final HttpCheckSpec spec;
    private final CheckTarget target;
    private final SslContext ssl;
    private final List<UrlRules> rules;
    /** The lean path's loop (plain HTTP without fwmark or bind_if), else null: the Netty path. */
    private final ExchangeLoop lean;
    /** The lean path's socket, kept between fetches (a checker's fetches never overlap); else null. */
    private final ProbeSocket socket;
    /** The lean path's request of each url, built once. */
    private final List<ByteBuffer> requests;
    /** The verdict of an attempt whose urls all passed, made once (a passing check allocates none). */
    private final CheckResult allOk;
    /** The url the next recovering attempt fetches; attempts never overlap, completions run elsewhere. */
    private final AtomicInteger recoveringUrl = new AtomicInteger();
    /** The url whose failure holds the server down, fetched alone until it passes; -1: none. */
    private final AtomicInteger failedUrl = new AtomicInteger(-1);

    HttpChecker(CheckRuntime runtime, HttpCheckSpec spec, CheckTarget target, SslContext ssl) {
        this.runtime = runtime;
        this.spec = spec;
        this.target = target;
        this.ssl = ssl;
        this.rules = spec.urls().stream().map(UrlRules::new).toList();
        boolean plain =
                ssl == null && spec.settings().fwmark() == 0 && spec.settings().bindInterface() == null;
        this.lean = plain ? runtime.exchangeLoop() : null;
        InetSocketAddress to = Targets.destination(spec.settings(), target);
        this.socket = lean != null ? new ProbeSocket(to, Targets.source(spec.settings())) : null;
        this.allOk = CheckResult.up(
                rules.size() == 1 ? "url " + spec.urls().get(0).path() + " ok" : "all " + rules.size() + " urls ok");
        this.requests = spec.urls().stream()
                .map(url -> HttpAnswer.request(url.path(), hostHeader(url, to), spec.httpProtocol()))
                .toList();
    }

    @Override
    public CompletableFuture<CheckResult> check() {
        return check(true);
    }

    @Override
    public CompletableFuture<CheckResult> check(boolean up) {
        if (up) {
            failedUrl.set(-1);
            recoveringUrl.set(0);
            return all();
        }
        int failed = failedUrl.get();
        if (failed >= 0) {
            return retryFailed(failed);
        }
        return spec.fastRecovery() || rules.size() == 1 ? all() : recoverOne();
    }

    private CompletableFuture<CheckResult> all() {
        CompletableFuture<CheckResult> all = new CompletableFuture<>();
        next(0, all);
        return all;
    }

    /** The failed url alone; its pass is followed by all urls at once (fast_recovery) or, from the next attempt, one by one. */
    private CompletableFuture<CheckResult> retryFailed(int i) {
        HttpCheckSpec.Url url = spec.urls().get(i);
        CompletableFuture<CheckResult> one = fetch(i);
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        result.whenComplete((r, e) -> one.cancel(false));
        one.whenComplete((r, e) -> {
            if (e != null || !r.up()) {
                String why = e != null ? ChannelAttempt.describe(e) : r.detail();
                result.complete(CheckResult.down(url.path() + ": " + why));
                return;
            }
            if (result.isDone()) {
                return;
            }
            failedUrl.set(-1);
            recoveringUrl.set(0);
            if (spec.fastRecovery()) {
                CompletableFuture<CheckResult> rest = all();
                result.whenComplete((x, y) -> rest.cancel(false));
                rest.whenComplete(
                        (all, ae) -> result.complete(ae != null ? CheckResult.down(ChannelAttempt.describe(ae)) : all));
            } else {
                result.complete(
                        CheckResult.pending("failed url " + url.path() + " ok again; now every url from the first"));
            }
        });
        return result;
    }

    /** Fetches the next url of a recovering server: pending until the last passes, then up. */
    private CompletableFuture<CheckResult> recoverOne() {
        int i = recoveringUrl.get();
        HttpCheckSpec.Url url = spec.urls().get(i);
        CompletableFuture<CheckResult> one = fetch(i);
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        // a cancel by the engine (the deadline) is a failure: close the connection, start again from the first url
        result.whenComplete((r, e) -> {
            one.cancel(false);
            if (e != null) {
                recoveringUrl.set(0);
            }
        });
        one.whenComplete((r, e) -> {
            if (e != null || !r.up()) {
                String why = e != null ? ChannelAttempt.describe(e) : r.detail();
                if (result.complete(CheckResult.down(url.path() + ": " + why))) {
                    recoveringUrl.set(0);
                    failedUrl.set(i);
                }
            } else if (i + 1 < rules.size()) {
                String step = "url " + url.path() + " ok (" + (i + 1) + " of " + rules.size() + ")";
                settle(result, CheckResult.pending(step), i + 1);
            } else {
                settle(result, CheckResult.up("all " + rules.size() + " urls ok, one per delay_loop"), 0);
            }
        });
        return result;
    }

    /** Completes a recovering attempt and moves on to nextUrl, unless the engine cancelled it first. */
    private void settle(CompletableFuture<CheckResult> result, CheckResult outcome, int nextUrl) {
        if (result.complete(outcome)) {
            recoveringUrl.set(nextUrl);
        }
    }

    private void next(int i, CompletableFuture<CheckResult> all) {
        if (i == rules.size()) {
            all.complete(allOk);
            return;
        }
        HttpCheckSpec.Url url = spec.urls().get(i);
        CompletableFuture<CheckResult> one = fetch(i);
        // The engine cancels the whole attempt; pass that on to the connection in flight.
        all.whenComplete((r, e) -> one.cancel(false));
        one.whenComplete((r, e) -> {
            if (e != null || !r.up()) {
                String why = e != null ? ChannelAttempt.describe(e) : r.detail();
                if (all.complete(CheckResult.down(url.path() + ": " + why))) {
                    failedUrl.set(i);
                }
            } else {
                next(i + 1, all);
            }
        });
    }

    private CompletableFuture<CheckResult> fetch(int i) {
        return fetch(i, null);
    }

    /** Fetches url i of the block; seen (genhash), when given, gets the raw answer. */
    CompletableFuture<CheckResult> fetch(int i, Consumer<UrlFetch.Answer> seen) {
        UrlRules rule = rules.get(i);
        if (lean != null) {
            HttpAnswer answer = new HttpAnswer(requests.get(i), rule, seen != null || rule.wantsDigest(), seen);
            return lean.start(socket, Targets.timeout(spec.settings()).toNanos(), answer);
        }
        return nettyFetch(spec.urls().get(i), rule, seen == null ? a -> {} : seen);
    }

    /** The checker is gone: the lean path's kept socket is closed. */
    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }

    /** The Netty path: SSL_GET, and checks with fwmark or bind_if. */
    private CompletableFuture<CheckResult> nettyFetch(
            HttpCheckSpec.Url url, UrlRules rule, Consumer<UrlFetch.Answer> seen) {
        InetSocketAddress to = Targets.destination(spec.settings(), target);
        String host = hostHeader(url, to);
        return ChannelAttempt.tcp(runtime, spec.settings(), target, attempt -> {
            AnswerText text = new AnswerText();
            UrlFetch fetch = new UrlFetch(url.path(), host, spec.httpProtocol(), (answer, error) -> {
                if (error != null) {
                    attempt.finish(CheckResult.down(ChannelAttempt.describe(error)));
                } else {
                    seen.accept(answer);
                    attempt.finish(rule.result(answer.status(), answer.md5(), text.text()));
                }
            });
            List<ChannelHandler> pipeline = new ArrayList<>();
            if (ssl != null) {
                String sni = sniName(url);
                pipeline.add(
                        sni == null
                                ? ssl.newHandler(ByteBufAllocator.DEFAULT)
                                : ssl.newHandler(ByteBufAllocator.DEFAULT, sni, to.getPort()));
                if (!spec.tlsCompliant() && !url.tlsCompliant()) {
                    pipeline.add(new QuietTlsClose());
                }
            }
            if (rule.wantsText()) {
                pipeline.add(text);
            }
            pipeline.add(new HttpClientCodec());
            pipeline.add(fetch);
            return pipeline.toArray(ChannelHandler[]::new);
        });
    }

    /**
     * keepalived's inheritance: the url's virtualhost, else the checker block's, else the real
     * server's, else the virtual server's (the last two come with the target); null if none.
     */
    private String virtualhost(HttpCheckSpec.Url url) {
        if (url.virtualhost() != null) {
            return url.virtualhost();
        }
        return spec.virtualhost() != null ? spec.virtualhost() : target.virtualhost();
    }

    /** The virtualhost, else the address and port connected to. */
    private String hostHeader(HttpCheckSpec.Url url, InetSocketAddress to) {
        String vhost = virtualhost(url);
        if (vhost != null) {
            return vhost;
        }
        String ip = IpAddresses.format(to.getAddress());
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + to.getPort();
    }

    /** enable_sni: sni_name, else the virtualhost; no SNI otherwise. */
    private String sniName(HttpCheckSpec.Url url) {
        if (!spec.enableSni()) {
            return null;
        }
        if (spec.sniName() != null) {
            return spec.sniName();
        }
        return virtualhost(url);
    }
}
