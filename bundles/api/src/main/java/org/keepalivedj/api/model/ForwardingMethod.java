package org.keepalivedj.api.model;

import java.util.List;

/** lvs_method NAT | DR | TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]: kind plus TUN options. */
public record ForwardingMethod(Kind kind, List<String> tunnelOptions) {
    public enum Kind {
        NAT,
        DR,
        TUN
    }

    public static final ForwardingMethod NAT = new ForwardingMethod(Kind.NAT, List.of());

    public ForwardingMethod {
        tunnelOptions = List.copyOf(tunnelOptions);
    }

    @Override
    public String toString() {
        return tunnelOptions.isEmpty() ? kind.name() : kind + " " + String.join(" ", tunnelOptions);
    }
}
