package org.keepalivedj.api.model;

/** The transport protocol of a virtual server. */
public enum Protocol {
    TCP,
    UDP,
    SCTP;

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
