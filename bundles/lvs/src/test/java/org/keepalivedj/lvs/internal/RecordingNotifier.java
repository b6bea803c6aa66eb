package org.keepalivedj.lvs.internal;

import java.util.ArrayList;
import java.util.List;

/** Scripts and FIFO lines the engine handed over, in order. */
final class RecordingNotifier implements Notifier {
    final List<String> scripts = new ArrayList<>();
    final List<String> fifo = new ArrayList<>();
    String fifoPath;

    @Override
    public void script(String command) {
        scripts.add(command);
    }

    @Override
    public void fifo(String line) {
        fifo.add(line);
    }

    @Override
    public void fifoPath(String path) {
        fifoPath = path;
    }
}
