package org.keepalivedj.api.net;

/**
 * Scope of an address or route, the kernel's number 0-255 (RT_SCOPE_*). ip accepts any number, so
 * this is a value, not an enum; the five named scopes are constants and {@link #ofCode} returns them.
 */
public record AddressScope(int code) {
    public static final AddressScope GLOBAL = new AddressScope(0);
    public static final AddressScope SITE = new AddressScope(200);
    public static final AddressScope LINK = new AddressScope(253);
    public static final AddressScope HOST = new AddressScope(254);
    public static final AddressScope NOWHERE = new AddressScope(255);

    public AddressScope {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("address scope " + code + " out of range 0-255");
        }
    }

    public static AddressScope ofCode(int code) {
        for (AddressScope s : new AddressScope[] {GLOBAL, SITE, LINK, HOST, NOWHERE}) {
            if (s.code == code) {
                return s;
            }
        }
        return new AddressScope(code);
    }

    /** ip's name (global, site, link, host, nowhere), or the number for the others. */
    public String name() {
        return switch (code) {
            case 0 -> "global";
            case 200 -> "site";
            case 253 -> "link";
            case 254 -> "host";
            case 255 -> "nowhere";
            default -> Integer.toString(code);
        };
    }

    /**
     * Reads back what {@link #name} wrote (and "universe"); not for config text, which the config
     * bundle checks with its own error messages.
     */
    public static AddressScope parse(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        for (AddressScope s : new AddressScope[] {GLOBAL, SITE, LINK, HOST, NOWHERE}) {
            if (s.name().equals(n)) {
                return s;
            }
        }
        if (n.equals("universe")) {
            return GLOBAL;
        }
        if (n.matches("\\d{1,3}")) {
            return ofCode(Integer.parseInt(n));
        }
        throw new IllegalArgumentException("unknown address scope " + name);
    }

    @Override
    public String toString() {
        return name();
    }
}
