package org.keepalivedj.config.checkers;

import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.model.Origin;

/** UDP_CHECK: payload to send (hex), whether (and what) reply is required, reply length bounds. */
public record UdpCheckSpec(
        Origin origin,
        CheckerSettings settings,
        String payload,
        boolean requireReply,
        String replyPattern,
        int minReplyLength,
        int maxReplyLength)
        implements CheckerSpec {
    @Override
    public String kind() {
        return "UDP_CHECK";
    }
}
