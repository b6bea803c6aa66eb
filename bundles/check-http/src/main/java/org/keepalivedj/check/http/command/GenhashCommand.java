package org.keepalivedj.check.http.command;

import java.net.InetAddress;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.keepalivedj.check.http.Genhash;
import org.keepalivedj.check.support.CheckRuntime;

/** keepalived:genhash, the console's genhash: the MD5 of a page's body, for a url's digest. */
@Command(
        scope = "keepalived",
        name = "genhash",
        description = "Prints the MD5 digest of a page's body (for HTTP_GET/SSL_GET digest)")
@Service
public class GenhashCommand implements Action {
    @Reference
    CheckRuntime runtime;

    @Option(name = "-s", aliases = "--server", description = "Server address", required = true)
    String server;

    @Option(name = "-p", aliases = "--port", description = "Port (default 80, or 443 with -S)")
    int port;

    @Option(name = "-u", aliases = "--url", description = "Path (default /)")
    String url = "/";

    @Option(name = "-S", aliases = "--use-ssl", description = "Use TLS (SSL_GET)")
    boolean tls;

    @Option(name = "-V", aliases = "--virtualhost", description = "Host header")
    String virtualhost;

    @Option(name = "--sni", description = "SNI name to send")
    String sni;

    @Option(name = "-P", aliases = "--protocol", description = "1.0, 1.0C or 1.1")
    String protocol;

    @Override
    public Object execute() throws Exception {
        int p = port != 0 ? port : tls ? 443 : 80;
        // Literal addresses only, as in the config: no name lookups.
        if (!server.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("-s " + server + " is not an IP address");
        }
        String digest = Genhash.digest(runtime, InetAddress.getByName(server), p, url, virtualhost, tls, sni, protocol);
        System.out.println(digest);
        return null;
    }
}
