package org.keepalivedj.api.model;

/** What a virtual_server line names: an address and port, a firewall mark, or a virtual_server_group. */
public sealed interface VsTarget {
    /** virtual_server 192.0.2.1 80 */
    record Address(Endpoint endpoint) implements VsTarget {
        @Override
        public String toString() {
            return endpoint.toString();
        }
    }

    /** virtual_server fwmark 1 (family from ip_family, else the real servers); mark is unsigned 32-bit */
    record Fwmark(int mark) implements VsTarget {
        @Override
        public String toString() {
            return "fwmark " + Integer.toUnsignedString(mark);
        }
    }

    /** virtual_server group NAME */
    record Group(String name) implements VsTarget {
        @Override
        public String toString() {
            return "group " + name;
        }
    }
}
