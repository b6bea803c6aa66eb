package org.keepalivedj.config.checkers;

import java.util.List;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.model.Origin;

/** HTTP_GET and SSL_GET: the urls to fetch and what their answers must look like. */
public record HttpCheckSpec(
        String kind,
        Origin origin,
        CheckerSettings settings,
        String virtualhost,
        String httpProtocol,
        boolean enableSni,
        String sniName,
        boolean fastRecovery,
        boolean tlsCompliant,
        List<Url> urls)
        implements CheckerSpec {
    public HttpCheckSpec {
        urls = List.copyOf(urls);
    }

    /** url { path; digest; status_code; virtualhost; regex ... }. statusCodes empty: 200-299. */
    public record Url(
            Origin origin,
            String path,
            String digest,
            List<String> statusCodes,
            String virtualhost,
            String regex,
            boolean regexNoMatch) {
        public Url {
            statusCodes = List.copyOf(statusCodes);
        }
    }
}
