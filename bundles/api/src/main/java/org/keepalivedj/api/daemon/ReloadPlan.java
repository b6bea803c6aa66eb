package org.keepalivedj.api.daemon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a reload changes in the running daemon, one change per line. Each subsystem computes its part
 * from what it runs and the new model ({@link Subsystem#plan}); the same decisions are what its
 * {@link Subsystem#apply} carries out, so a preview and the reload that follows say the same thing.
 */
public record ReloadPlan(List<Change> changes) {
    public static final ReloadPlan EMPTY = new ReloadPlan(List.of());

    /** The kinds of object a change is about, in the order a plan is printed (keepalived's block names). */
    public enum Section {
        STATIC_IPADDRESS("static_ipaddress"),
        STATIC_ROUTES("static_routes"),
        STATIC_RULES("static_rules"),
        VRRP_SYNC_GROUP("vrrp_sync_group"),
        VRRP_INSTANCE("vrrp_instance"),
        VIRTUAL_SERVER("virtual_server"),
        REAL_SERVER("real_server");

        private final String keyword;

        Section(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    public enum Action {
        /** A new object starts. */
        ADD,
        /** The object stops. */
        REMOVE,
        /** The object is rebuilt: {@code keyword} names what forces it. */
        RESTART,
        /** Changed in place: the object keeps its state. */
        CHANGE,
        /** A consequence for the running state of a change above (a MASTER giving up its VIPs). */
        EFFECT
    }

    /**
     * One change.
     *
     * @param object  the object's name as keepalived writes it: {@code VI_1}, {@code 192.0.2.1:80/tcp},
     *                a real server as {@code 10.0.0.2:80 of 192.0.2.1:80/tcp}, an address or route line
     * @param keyword the keyword that changed (for RESTART: the one that forces it), or null
     * @param before  the running value, or null
     * @param after   the new value, or null
     */
    public record Change(Section section, Action action, String object, String keyword, String before, String after) {
        /** {@code restart VI_1: advert_int 1 -> 2}, {@code add virtual_ipaddress 192.0.2.9/24 to VI_1}. */
        public String line() {
            StringBuilder out =
                    new StringBuilder(action.name().toLowerCase()).append(' ').append(object);
            if (keyword != null) {
                out.append(": ").append(keyword);
            }
            if (before != null && after != null) {
                out.append(' ').append(before).append(" -> ").append(after);
            } else if (after != null) {
                out.append(" + ").append(after);
            } else if (before != null) {
                out.append(" - ").append(before);
            }
            return out.toString();
        }
    }

    public ReloadPlan {
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<Change> of(Section section) {
        return changes.stream().filter(c -> c.section() == section).toList();
    }

    /** The parts of several subsystems as one plan, in section order (each part's own order kept). */
    public static ReloadPlan of(List<ReloadPlan> parts) {
        List<Change> all = new ArrayList<>();
        parts.forEach(p -> all.addAll(p.changes()));
        all.sort(Comparator.comparing(Change::section)); // stable: a part's order stays
        return new ReloadPlan(all);
    }

    /** Grouped by section, one line per change; {@code no changes} when empty. */
    public String text() {
        if (changes.isEmpty()) {
            return "no changes\n";
        }
        StringBuilder out = new StringBuilder();
        Section current = null;
        for (Change c : changes) {
            if (c.section() != current) {
                current = c.section();
                out.append(current.keyword()).append(":\n");
            }
            out.append("  ").append(c.line()).append('\n');
        }
        return out.toString();
    }

    /** A builder for one subsystem's part. */
    public static final class Builder {
        private final List<Change> changes = new ArrayList<>();

        public Builder add(Section section, Action action, String object, String keyword, String before, String after) {
            changes.add(new Change(section, action, object, keyword, before, after));
            return this;
        }

        public ReloadPlan build() {
            return new ReloadPlan(changes);
        }
    }
}
