package org.keepalivedj.api.model;

/** SSL { password; ca; certificate; key } used by SSL_GET checkers; fields null when not given. */
public record SslSettings(Origin origin, String password, String ca, String certificate, String key) {
}
