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

    /**
     * url { path; digest; status_code; virtualhost; regex ...; tls_compliant }. statusCodes empty:
     * 200-299; regexMaxOffset null: none.
     */
    public record Url(
            Origin origin,
            String path,
            String digest,
            List<String> statusCodes,
            String virtualhost,
            String regex,
            boolean regexNoMatch,
            List<String> regexOptions,
            int regexMinOffset,
            Integer regexMaxOffset,
            boolean tlsCompliant) {
        public Url {
            statusCodes = List.copyOf(statusCodes);
            regexOptions = List.copyOf(regexOptions);
        }
    }
}
