package org.keepalivedj.api.script;

import java.util.List;
import org.keepalivedj.api.model.GlobalDefs;

/**
 * A notify FIFO as global_defs configures it: {@code notify_fifo FIFO [username [groupname]]} and
 * {@code notify_fifo_script SCRIPT [username [groupname]]}, or their vrrp_ and lvs_ forms.
 *
 * @param path         the FIFO
 * @param owner        "user [group]" the FIFO is given when it is created; null: ourselves
 * @param script       the reader script line (null: none); the FIFO path is passed as its last argument
 * @param scriptUser   "user [group]" the reader runs as: its own, else global_defs script_user
 * @param secure       enable_script_security
 */
public record FifoSpec(String path, String owner, String script, String scriptUser, boolean secure) {

    /**
     * The FIFO an engine writes: {@code PREFIX_notify_fifo} (prefix "vrrp" or "lvs") when set, else the
     * shared {@code notify_fifo}; null when neither is set.
     */
    public static FifoSpec of(GlobalDefs g, String prefix) {
        if (g == null || g.settings() == null) {
            return null;
        }
        FifoSpec own = fromKeyword(g, prefix + "_notify_fifo");
        return own != null ? own : fromKeyword(g, "notify_fifo");
    }

    private static FifoSpec fromKeyword(GlobalDefs g, String keyword) {
        List<String> fifo = CommandLine.split(nullToEmpty(g.settings().get(keyword)));
        if (fifo.isEmpty()) {
            return null;
        }
        // SCRIPT [username [groupname]]: the script is one word (quoted when it has arguments)
        List<String> script = CommandLine.split(nullToEmpty(g.settings().get(keyword + "_script")));
        String line = script.isEmpty() ? null : script.get(0);
        String user = script.size() > 1 ? String.join(" ", script.subList(1, script.size())) : g.scriptUser();
        String owner = fifo.size() > 1 ? String.join(" ", fifo.subList(1, fifo.size())) : null;
        return new FifoSpec(fifo.get(0), owner, line, user, g.enableScriptSecurity());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
