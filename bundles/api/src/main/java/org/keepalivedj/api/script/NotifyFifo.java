package org.keepalivedj.api.script;

/**
 * A notify FIFO open for writing, from {@link ScriptService#fifo}. Lines are written in the order
 * given, on a thread of the service: {@link #write} never blocks, whether or not a reader is there.
 * Closing releases it and returns at once; when the last user of the same {@link FifoSpec} closed
 * it, the service writes the lines still queued, closes the FIFO and stops its reader script, in
 * the background.
 */
public interface NotifyFifo extends AutoCloseable {

    FifoSpec spec();

    /** Queues one line; the newline is added. */
    void write(String line);

    @Override
    void close();
}
