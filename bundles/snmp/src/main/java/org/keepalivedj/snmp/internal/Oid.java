package org.keepalivedj.snmp.internal;

import java.util.Arrays;

/** An object identifier: sub-identifiers are unsigned 32-bit, compared lexicographically as SNMP orders them. */
final class Oid implements Comparable<Oid> {

    static final Oid EMPTY = new Oid(new int[0]);

    private final int[] ids;

    private Oid(int[] ids) {
        this.ids = ids;
    }

    static Oid of(int... ids) {
        return new Oid(ids.clone());
    }

    /** {@code 1.3.6.1.4.1.9586.100.5} (a leading dot is allowed). */
    static Oid parse(String text) {
        String t = text.startsWith(".") ? text.substring(1) : text;
        if (t.isEmpty()) {
            return EMPTY;
        }
        String[] parts = t.split("\\.");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ids[i] = (int) Long.parseLong(parts[i]);
        }
        return new Oid(ids);
    }

    int size() {
        return ids.length;
    }

    /** The sub-identifier at {@code index} as an unsigned value. */
    long get(int index) {
        return Integer.toUnsignedLong(ids[index]);
    }

    Oid append(int... more) {
        int[] r = Arrays.copyOf(ids, ids.length + more.length);
        System.arraycopy(more, 0, r, ids.length, more.length);
        return new Oid(r);
    }

    Oid append(Oid more) {
        return append(more.ids);
    }

    boolean startsWith(Oid prefix) {
        return prefix.ids.length <= ids.length
                && Arrays.equals(ids, 0, prefix.ids.length, prefix.ids, 0, prefix.ids.length);
    }

    boolean isEmpty() {
        return ids.length == 0;
    }

    @Override
    public int compareTo(Oid o) {
        return Arrays.compareUnsigned(ids, o.ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Oid other && Arrays.equals(ids, other.ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            b.append('.').append(Integer.toUnsignedString(id));
        }
        return b.toString();
    }
}
