package org.keepalivedj.alerts.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The container's log lines, also kept so a test can count them. */
final class RecordingLog implements AlertLog {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void unreachable(String server, String reason) {
        lines.add("unreachable " + server + " " + reason);
        SLF4J.unreachable(server, reason);
    }

    @Override
    public void reachableAgain(String server, long failedMails) {
        lines.add("reachable " + server + " " + failedMails);
        SLF4J.reachableAgain(server, failedMails);
    }

    @Override
    public void sent(String subject) {
        lines.add("sent " + subject);
    }

    long count(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }
}
