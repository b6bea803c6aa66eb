/**
 * keepalived.conf to a validated model, and back.
 *
 * <p>{@link org.keepalivedj.config.KeepalivedConfigLoader} reads a file (the {@code syntax}
 * package: includes, conditionals, parameters, line repeaters), binds the block tree to the records
 * of {@code org.keepalivedj.api.model} and validates the whole, reporting every problem at once in
 * one {@link org.keepalivedj.api.config.ConfigException}. Which keywords each block takes, and the
 * shape and range of their arguments, is data: {@code keywords.table} next to these classes, read by
 * {@link org.keepalivedj.config.KeywordTable} and applied by {@link org.keepalivedj.config.BlockReader}.
 * Unknown keywords and deprecated spellings are warnings with their location, as in keepalived.
 *
 * <p>Checker blocks (TCP_CHECK, HTTP_GET, ...) are bound by the
 * {@link org.keepalivedj.api.check.HealthCheckerFactory} that declares the keyword, found through a
 * {@link org.keepalivedj.config.CheckerRegistry}. {@code checkers.BuiltinCheckers} holds the binder of
 * every kind keepalived has: the checker bundles bind through it, and the command line, the
 * validation and the daemon (while a kind's bundle is not installed) use it without them.
 *
 * <p>{@link org.keepalivedj.config.ConfigDump} prints the canonical form (loading it gives an equal
 * model; equality ignores where things were written; what a reload changes is planned by the
 * subsystems with {@code api.model.ModelDiff}), and {@link org.keepalivedj.config.ConfigTool} is the command line
 * ({@code check}/{@code dump}) with keepalived's exit codes.
 */
package org.keepalivedj.config;
