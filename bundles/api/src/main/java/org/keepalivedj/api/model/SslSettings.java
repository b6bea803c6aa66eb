package org.keepalivedj.api.model;

/** SSL { password; ca; certificate; key } used by SSL_GET checkers; fields null when not given. */
public record SslSettings(Origin origin, String password, String ca, String certificate, String key) {

    /** Without the key password: a record's own toString would put it into any log line that prints the model. */
    @Override
    public String toString() {
        return "SslSettings[origin=" + origin + ", password=" + (password == null ? "none" : "<hidden>") + ", ca=" + ca
                + ", certificate=" + certificate + ", key=" + key + "]";
    }
}
