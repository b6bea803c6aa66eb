package org.keepalivedj.api.lvs;

/** The data plane refused or failed a change; the message names the service and the kernel's reason. */
public class ForwardingPlaneException extends Exception {
    private static final long serialVersionUID = 1L;

    public ForwardingPlaneException(String message) {
        super(message);
    }

    public ForwardingPlaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
