package org.keepalivedj.statuspage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.json.JsonWriter;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page at /keepalived/ on the container's HTTP port: the page itself (index.html, app.js,
 * style.css from this bundle), /keepalived/status.json that it polls, and POST /keepalived/action.
 * Every request logs in against the JAAS realm karaf (HTTP Basic, like Jolokia); reading needs the
 * viewer role, actions are decided by etc/jmx.acl*.cfg for the MBean operation they call.
 */
// immediate: the timeline listens from the start, not from the first page view
@Component(
        service = Servlet.class,
        immediate = true,
        property = {
            "osgi.http.whiteboard.servlet.pattern=/keepalived/*",
            "osgi.http.whiteboard.servlet.name=keepalived-status"
        })
public class StatusPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StatusPageServlet.class);
    static final String REALM = "karaf";
    /** Browsers never send this header cross-site without a CORS preflight, which we do not grant. */
    static final String ACTION_HEADER = "X-Keepalived-Action";

    private static final Map<String, String> FILES =
            Map.of("/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");

    private final transient Timeline timeline = new Timeline(200, Clock.systemUTC());
    private final transient KarafLogin login = new KarafLogin(REALM);
    private final transient AccessPolicy policy = new AccessPolicy();
    private final transient Actions actions = new Actions(policy);

    private transient volatile VrrpRuntime vrrp;
    private transient volatile LvsRuntime lvs;
    private transient volatile BfdRuntime bfd;
    private transient ServiceRegistration<?> listeners;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile Daemon daemon;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindVrrp")
    void bindVrrp(VrrpRuntime runtime) {
        timeline.seed(runtime);
        vrrp = runtime;
    }

    void unbindVrrp(VrrpRuntime runtime) {
        if (vrrp == runtime) {
            vrrp = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindLvs")
    void bindLvs(LvsRuntime runtime) {
        timeline.seed(runtime);
        lvs = runtime;
    }

    void unbindLvs(LvsRuntime runtime) {
        if (lvs == runtime) {
            lvs = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindBfd")
    void bindBfd(BfdRuntime runtime) {
        timeline.seed(runtime);
        bfd = runtime;
    }

    void unbindBfd(BfdRuntime runtime) {
        if (bfd == runtime) {
            bfd = null;
        }
    }

    /**
     * The timeline itself is the listener service VRRP, LVS and BFD bind (the whiteboard). Registered
     * here rather than as a component of its own: the servlet then depends on nothing that can come
     * and go, so it is never deactivated and re-registered (every reference above is optional and
     * dynamic) and the page does not vanish from the HTTP whiteboard while a runtime restarts.
     */
    @Activate
    void activate(BundleContext context) {
        listeners = context.registerService(
                new String[] {
                    VrrpStateListener.class.getName(),
                    LvsStateListener.class.getName(),
                    BfdSessionListener.class.getName()
                },
                timeline,
                null);
    }

    @Deactivate
    void deactivate() {
        listeners.unregister();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (path.isEmpty()) {
            resp.sendRedirect(req.getRequestURI() + "/");
            return;
        }
        KarafLogin.User user = authenticate(req, resp);
        if (user == null) {
            return;
        }
        if (!canRead(user)) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, user.name() + " has no viewer role");
            return;
        }
        if (path.equals("/status.json")) {
            boolean canOperate = policy.canOperate(user.subject());
            String json = JsonWriter.write(StatusDocument.build(
                    user.name(),
                    canOperate,
                    daemon,
                    vrrp,
                    lvs,
                    bfd,
                    timeline,
                    Clock.systemUTC().instant()));
            send(resp, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
            return;
        }
        String file = FILES.get(path);
        if (file == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream in = StatusPageServlet.class.getResourceAsStream("/statuspage/" + file)) {
            if (in == null) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            send(resp, contentType(file), in.readAllBytes());
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"/action".equals(req.getPathInfo())) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        KarafLogin.User user = authenticate(req, resp);
        if (user == null) {
            return;
        }
        if (req.getHeader(ACTION_HEADER) == null) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "actions need the " + ACTION_HEADER + " header");
            return;
        }
        Map<String, String> params = new HashMap<>();
        for (String name : new String[] {"action", "virtualServer", "realServer", "instance"}) {
            if (req.getParameter(name) != null) {
                params.put(name, req.getParameter(name));
            }
        }
        Actions.Result result = actions.perform(user, params);
        LOG.info("status page: {} {} -> {} ({})", user.name(), params, result.outcome(), result.message());
        int status = switch (result.outcome()) {
            case DONE -> HttpServletResponse.SC_OK;
            case FORBIDDEN -> HttpServletResponse.SC_FORBIDDEN;
            case NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
            case BAD_REQUEST -> HttpServletResponse.SC_BAD_REQUEST;
        };
        resp.setStatus(status);
        send(
                resp,
                "application/json; charset=utf-8",
                JsonWriter.write(Map.of("outcome", result.outcome().name(), "message", result.message()))
                        .getBytes(StandardCharsets.UTF_8));
    }

    private KarafLogin.User authenticate(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        KarafLogin.User user = login.authenticate(req.getHeader("Authorization"));
        if (user == null) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        }
        return user;
    }

    private static boolean canRead(KarafLogin.User user) {
        return user.hasRole("viewer") || user.hasRole("operator") || user.hasRole("admin");
    }

    private static void send(HttpServletResponse resp, String type, byte[] body) throws IOException {
        resp.setContentType(type);
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    static String contentType(String file) {
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/html; charset=utf-8";
    }
}
