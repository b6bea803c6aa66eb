package org.keepalivedj.bfd;

/** bfd.SessionState (RFC 5880 section 4.1), with its wire code. */
public enum BfdState {
    ADMIN_DOWN(0, "AdminDown"),
    DOWN(1, "Down"),
    INIT(2, "Init"),
    UP(3, "Up");

    private final int code;
    private final String text;

    BfdState(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public static BfdState of(int code) {
        return values()[code & 3];
    }

    /** The RFC's spelling, as logs and views show it. */
    @Override
    public String toString() {
        return text;
    }
}
