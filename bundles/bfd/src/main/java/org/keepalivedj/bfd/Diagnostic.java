package org.keepalivedj.bfd;

/** The Diagnostic field (RFC 5880 section 4.1): why the session last left Up. */
public enum Diagnostic {
    NONE(0, "No Diagnostic"),
    CONTROL_DETECTION_TIME_EXPIRED(1, "Control Detection Time Expired"),
    ECHO_FUNCTION_FAILED(2, "Echo Function Failed"),
    NEIGHBOR_SIGNALED_DOWN(3, "Neighbor Signaled Session Down"),
    FORWARDING_PLANE_RESET(4, "Forwarding Plane Reset"),
    PATH_DOWN(5, "Path Down"),
    CONCATENATED_PATH_DOWN(6, "Concatenated Path Down"),
    ADMINISTRATIVELY_DOWN(7, "Administratively Down"),
    REVERSE_CONCATENATED_PATH_DOWN(8, "Reverse Concatenated Path Down"),
    /** Codes 9-31 are reserved; a peer that sends one still gets its packet read. */
    RESERVED(-1, "Reserved");

    private final int code;
    private final String text;

    Diagnostic(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The wire code; RESERVED is sent as 0 (we never send it). */
    public int code() {
        return Math.max(code, 0);
    }

    public static Diagnostic of(int code) {
        for (Diagnostic d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return RESERVED;
    }

    @Override
    public String toString() {
        return text;
    }
}
