package org.keepalivedj.api.model;

/** VRRPv2 authentication { auth_type PASS|AH; auth_pass SECRET } (at most 8 characters used). */
public record Authentication(Origin origin, String type, String password) {
}
