package org.keepalivedj.api.daemon;

/**
 * What a reload of a file would do, asked before it is done: the file's errors and warnings as
 * {@code -t} reports them, and when it would load, the plan against the running daemon (empty
 * otherwise: a file with errors changes nothing).
 */
public record ReloadPreview(LoadResult load, ReloadPlan plan) {

    /** Whether a reload of the file would load it (it may still change nothing). */
    public boolean loads() {
        return load.outcome() == LoadResult.Outcome.OK;
    }

    /**
     * For people: the file and its outcome, each error and warning on its own line, then the plan
     * grouped by section, one line per change.
     */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(load.file()).append(": ").append(load.describe()).append('\n');
        load.errors().forEach(e -> out.append("  ").append(e).append('\n'));
        load.warnings().forEach(w -> out.append("  ").append(w).append('\n'));
        if (!loads()) {
            return out.append("a reload would change nothing: the file is not loaded\n")
                    .toString();
        }
        return out.append(plan.text()).toString();
    }
}
