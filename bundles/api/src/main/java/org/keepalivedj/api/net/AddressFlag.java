package org.keepalivedj.api.net;

/** The flags of an address line that the kernel keeps on the address (IFA_F_*), with ip's keywords. */
public enum AddressFlag {
    NODAD("-nodad", 0x02, true),
    HOME("home", 0x10, true),
    MANAGETEMPADDR("mngtmpaddr", 0x100, true),
    NOPREFIXROUTE("noprefixroute", 0x200, false),
    MCAUTOJOIN("autojoin", 0x400, false);

    private final String keyword;
    private final int bit;
    private final boolean ipv6Only;

    AddressFlag(String keyword, int bit, boolean ipv6Only) {
        this.keyword = keyword;
        this.bit = bit;
        this.ipv6Only = ipv6Only;
    }

    public String keyword() {
        return keyword;
    }

    public int bit() {
        return bit;
    }

    /** The kernel honours it on IPv6 addresses only. */
    public boolean ipv6Only() {
        return ipv6Only;
    }
}
