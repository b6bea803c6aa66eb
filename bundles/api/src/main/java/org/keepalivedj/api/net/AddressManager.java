package org.keepalivedj.api.net;

import java.util.Set;

/**
 * Places addresses (VIPs) on interfaces and takes them away again, remembering which ones it
 * added so that a stop, or a start after a crash, removes exactly those and nothing else.
 * Every operation is idempotent. Failures are {@link NetworkOperationException}s.
 */
public interface AddressManager extends AutoCloseable {

    /**
     * Adds the address unless the interface already has it.
     *
     * @return true when this call added it (and it is now ours to remove), false when it was there
     */
    boolean add(ManagedAddress address);

    /**
     * Removes the address if it is present, whoever added it.
     *
     * @return true when this call removed it
     */
    boolean remove(ManagedAddress address);

    /** True when the interface currently has this address (interface, address and prefix). */
    boolean isPresent(ManagedAddress address);

    /** The addresses this manager added and has not removed. */
    Set<ManagedAddress> added();

    /** Removes every address this manager added; returns how many were still present. */
    int removeAll();

    /**
     * Removes addresses recorded as added by an earlier run that did not stop cleanly.
     * Call once at start.
     *
     * @return how many were still present and removed
     */
    int removeLeftovers();

    /** Releases resources; does not remove addresses (call {@link #removeAll()} for that). */
    @Override
    void close();
}
