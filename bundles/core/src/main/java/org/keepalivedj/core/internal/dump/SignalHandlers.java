package org.keepalivedj.core.internal.dump;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signal handlers that are put back as they were on close. Named signals go through sun.misc.Signal;
 * keepalived's real-time signals (SIGRTMIN+2 for JSON, SIGRTMAX-1 for STATS_CLEAR) have no name the
 * JVM knows, so their Signal object is made from a named one with its number replaced: the JVM's
 * handler registration and dispatch work by number for any signal it does not use itself.
 */
@SuppressWarnings({"restriction", "removal"})
final class SignalHandlers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalHandlers.class);

    private record Installed(sun.misc.Signal signal, sun.misc.SignalHandler previous) {}

    private final List<Installed> installed = new ArrayList<>();

    /** The signals now handled, as numbers. */
    synchronized java.util.Set<Integer> handled() {
        java.util.Set<Integer> numbers = new java.util.TreeSet<>();
        installed.forEach(i -> numbers.add(i.signal().getNumber()));
        return numbers;
    }

    /** Runs {@code action} on each {@code SIG<name>}; false (logged) when this JVM refuses the signal. */
    synchronized boolean handle(String name, Runnable action) {
        try {
            return install(new sun.misc.Signal(name), action);
        } catch (IllegalArgumentException e) {
            LOG.warn("Signal {} cannot be handled in this JVM: {}", name, e.getMessage());
            return false;
        }
    }

    /** The same for a signal known only by its number (a real-time signal). */
    synchronized boolean handle(int number, String label, Runnable action) {
        try {
            return install(numbered(number, label), action);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Signal {} ({}) cannot be handled in this JVM: {}", number, label, e.toString());
            return false;
        }
    }

    private boolean install(sun.misc.Signal signal, Runnable action) {
        sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, s -> action.run());
        installed.add(new Installed(signal, previous));
        return true;
    }

    /**
     * A Signal for {@code number}: made as SIGHUP, then its inner jdk.internal.misc.Signal gets the
     * number and label written through Unsafe (jdk.unsupported opens sun.misc to reflection; the inner
     * class needs no opening because Unsafe writes by field offset).
     */
    private static sun.misc.Signal numbered(int number, String label) throws ReflectiveOperationException {
        sun.misc.Signal signal = new sun.misc.Signal("HUP");
        Field innerField = sun.misc.Signal.class.getDeclaredField("iSignal");
        innerField.setAccessible(true);
        Object inner = innerField.get(signal);
        Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
        unsafe.putInt(inner, unsafe.objectFieldOffset(inner.getClass().getDeclaredField("number")), number);
        unsafe.putObject(inner, unsafe.objectFieldOffset(inner.getClass().getDeclaredField("name")), label);
        if (signal.getNumber() != number) {
            throw new IllegalStateException("the signal number did not change");
        }
        return signal;
    }

    @Override
    public synchronized void close() {
        for (Installed i : installed) {
            try {
                sun.misc.Signal.handle(i.signal(), i.previous());
            } catch (IllegalArgumentException e) {
                LOG.warn("Could not restore the handler of {}: {}", i.signal(), e.getMessage());
            }
        }
        installed.clear();
    }
}
