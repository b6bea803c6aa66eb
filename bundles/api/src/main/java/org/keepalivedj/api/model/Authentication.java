package org.keepalivedj.api.model;

/** VRRPv2 authentication { auth_type PASS|AH; auth_pass SECRET } (at most 8 characters used). */
public record Authentication(Origin origin, String type, String password) {

    /** Without the password: a record's own toString would put it into any log line that prints the model. */
    @Override
    public String toString() {
        return "Authentication[origin=" + origin + ", type=" + type + ", password="
                + (password == null ? "none" : "<hidden>") + "]";
    }
}
