package org.keepalivedj.api.script;

import java.util.ArrayList;
import java.util.List;

/**
 * A keepalived script line as a command: split into words the way a shell would for simple quoting
 * ("..." and '...'), and run as the configured script user.
 */
public final class CommandLine {

    private CommandLine() {}

    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    /**
     * Prefixes the command so it runs as the user (keepalived's script_user, "USER [GROUP]"), unless that
     * is root or unset. The caller resolves a missing group to the user's primary group; without one
     * the group of the user's name is asked for.
     */
    public static List<String> asUser(String userAndGroup, List<String> command) {
        if (userAndGroup == null || userAndGroup.isBlank()) {
            return command;
        }
        String[] ug = userAndGroup.trim().split("\\s+");
        String user = ug[0];
        String group = ug.length > 1 ? ug[1] : ug[0];
        if (user.equals("root") || user.equals(System.getProperty("user.name"))) {
            return command;
        }
        List<String> c =
                new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups", "--"));
        c.addAll(command);
        return c;
    }
}
