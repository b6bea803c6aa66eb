package org.keepalivedj.lvs.internal;

import java.util.ArrayList;
import java.util.List;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.script.FifoSpec;

/** Scripts and FIFO lines the engine handed over, in order. */
final class RecordingNotifier implements LvsNotifier {
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
    public void configure(GlobalDefs globals) {
        FifoSpec spec = FifoSpec.of(globals, "lvs");
        fifoPath = spec == null ? null : spec.path();
    }
}
