package org.keepalivedj.api.model;

import java.time.Duration;
import java.util.Objects;

/**
 * One line of interface_up_down_delays: how long an interface must stay down before the VRRP
 * instances using it go to FAULT, and stay up before they leave it (0: at once). A change undone
 * within its delay changes nothing.
 */
public record InterfaceDelays(Origin origin, String interfaceName, Duration down, Duration up) {
    public InterfaceDelays {
        Objects.requireNonNull(interfaceName);
        Objects.requireNonNull(down);
        Objects.requireNonNull(up);
    }
}
