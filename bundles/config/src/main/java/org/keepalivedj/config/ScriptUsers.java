package org.keepalivedj.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.script.CommandLine;
import org.keepalivedj.api.script.ScriptSecurity;

/**
 * Who runs the config's scripts, checked at load as keepalived checks it. A user named for scripts
 * (global_defs script_user, a vrrp_script's or MISC_CHECK's user, a notify FIFO reader's) must exist
 * on this host: keepalived drops every script that would run as a missing user, and a check script
 * that silently never runs changes what the file means, so this is an error. A script that would run
 * as root while enable_script_security is off is reported once (keepalived's "SECURITY VIOLATION",
 * its {@code -t} exit 6): the daemon still runs it. Like keepalived, only scripts this host has count.
 */
final class ScriptUsers {
    /** The keywords whose value is a script command line, by the block they are in. */
    private static final Set<String> NOTIFY = Set.of(
            "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify", "notify_master_rx_lower_pri");

    private static final Map<String, Set<String>> SCRIPTS = Map.of(
            "global_defs",
                    Set.of(
                            "notify_fifo_script",
                            "vrrp_notify_fifo_script",
                            "lvs_notify_fifo_script",
                            "startup_script",
                            "shutdown_script"),
            "vrrp_instance", NOTIFY,
            "vrrp_sync_group", NOTIFY,
            "vrrp_script", Set.of("script"),
            "virtual_server", Set.of("quorum_up", "quorum_down"),
            "real_server", Set.of("notify_up", "notify_down"),
            "MISC_CHECK", Set.of("misc_path"));
    /** Blocks with a {@code user USER [GROUP]} line of their own for their script. */
    private static final Set<String> OWN_USER = Set.of("vrrp_script", "MISC_CHECK");

    private final HostUsers users;
    private final GlobalDefs global;
    private final Problems problems;
    private ConfigNode firstAsRoot;

    private ScriptUsers(HostUsers users, GlobalDefs global, Problems problems) {
        this.users = users;
        this.global = global;
        this.problems = problems;
    }

    static void check(List<ConfigNode> roots, GlobalDefs global, HostUsers users, Problems problems) {
        ScriptUsers s = new ScriptUsers(users, global, problems);
        for (ConfigNode root : roots) {
            s.walk(root);
        }
        if (s.firstAsRoot != null && !global.enableScriptSecurity()) {
            problems.add(new ConfigProblem(
                    ConfigProblem.Severity.SECURITY,
                    s.firstAsRoot.location(),
                    s.firstAsRoot.name() + " " + s.firstAsRoot.argsText()
                            + " would run as root and enable_script_security"
                            + " is not set (SECURITY VIOLATION: set script_user, or enable_script_security to refuse"
                            + " scripts that are unsafe to run as root)"));
        }
    }

    private void walk(ConfigNode block) {
        Set<String> scripts = SCRIPTS.getOrDefault(block.name(), Set.of());
        String ownUser = null;
        if (block.name().equals("global_defs")) {
            block.children("script_user").forEach(user -> userExists(block, user));
        } else if (OWN_USER.contains(block.name())) {
            for (ConfigNode user : block.children("user")) {
                ownUser = userExists(block, user) ? user.argsText() : ownUser;
            }
        }
        for (ConfigNode child : block.children()) {
            if (scripts.contains(child.name()) && !child.args().isEmpty()) {
                String user = ownUser;
                if (child.name().endsWith("_fifo_script") && child.args().size() > 1) {
                    // SCRIPT [username [groupname]]
                    List<String> words =
                            child.args().stream().map(t -> t.text()).toList();
                    user = String.join(" ", words.subList(1, words.size()));
                    userExists(block, child, words.get(1), words.size() > 2 ? words.get(2) : null);
                }
                if (user == null) {
                    user = global.scriptUser(); // the loaded default: script_user, else keepalived_script if the
                    // host has it
                }
                if (firstAsRoot == null && (user == null || user.split("\\s+")[0].equals("root")) && found(child)) {
                    firstAsRoot = child;
                }
            }
            if (child.hasBlock()) {
                walk(child);
            }
        }
    }

    /** keepalived leaves a script it cannot find out of this count (it drops it). */
    private static boolean found(ConfigNode script) {
        List<String> command = CommandLine.split(script.args().get(0).text());
        return !command.isEmpty() && ScriptSecurity.locate(command.get(0)).isPresent();
    }

    /** A {@code USER [GROUP]} line (the dump writes the two as one quoted word). */
    private boolean userExists(ConfigNode block, ConfigNode line) {
        String[] words = line.argsText().trim().split("\\s+");
        return words[0].isEmpty() || userExists(block, line, words[0], words.length > 1 ? words[1] : null);
    }

    private boolean userExists(ConfigNode block, ConfigNode line, String user, String group) {
        if (users.exists(user, group)) {
            return true;
        }
        String context = block.args().isEmpty() ? block.name() : block.name() + " " + block.argsText();
        problems.error(
                line.location(),
                context + ": " + line.name() + " " + user + (group == null ? "" : " " + group)
                        + ": no such user or group on this host (keepalived drops every script that is to run as it)");
        return false;
    }
}
