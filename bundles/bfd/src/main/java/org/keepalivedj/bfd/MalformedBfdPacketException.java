package org.keepalivedj.bfd;

/** A received packet that RFC 5880 section 6.8.6 says to discard; the message names the rule. */
public class MalformedBfdPacketException extends RuntimeException {
    public MalformedBfdPacketException(String message) {
        super(message);
    }
}
