package org.keepalivedj.api.daemon;

/**
 * What a reload of a file would do, asked before it is done: the file's errors and warnings as
 * {@code -t} reports them, and when it would load, the plan against the running daemon (empty
 * otherwise: a file with errors changes nothing).
 */
public record ReloadPreview(LoadResult load, ReloadPlan plan) {
}
