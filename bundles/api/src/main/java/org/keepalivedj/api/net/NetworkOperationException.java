package org.keepalivedj.api.net;

/** A change to the host's network configuration failed. Implementations add detail (errno). */
public class NetworkOperationException extends RuntimeException {

    public NetworkOperationException(String message) {
        super(message);
    }

    public NetworkOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
