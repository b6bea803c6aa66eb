package org.keepalivedj.metrics.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /metrics on the container's HTTP port (pax-web, 127.0.0.1:8181 by default) through the OSGi
 * HTTP whiteboard. No login: like node_exporter, it is read-only and bound to loopback; put it
 * behind the same JAAS login by moving it under a secured context if your host is shared.
 */
@Component(
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.pattern=/metrics",
            "osgi.http.whiteboard.servlet.name=keepalived-metrics"
        })
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    private final transient MetricsCollector collector = new MetricsCollector(true);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile VrrpRuntime vrrp;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LvsRuntime lvs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Daemon daemon;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BfdRuntime bfd;

    @Reference(target = "(chosen=true)", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ForwardingPlane plane;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String body;
        try {
            body = collector.collect(new MetricsCollector.Sources(vrrp, lvs, daemon, plane, bfd));
        } catch (RuntimeException e) {
            LOG.warn("metrics scrape failed: {}", e.toString(), e);
            resp.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "metrics scrape failed: " + e);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setContentType(Exposition.CONTENT_TYPE);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
