/**
 * Reading keepalived.conf: lexer, preprocessor and block tree. {@link
 * org.keepalivedj.config.syntax.ConfigReader} is the entry point; it returns a {@link
 * org.keepalivedj.config.syntax.ParsedConfig} of {@link org.keepalivedj.api.config.ConfigNode}s or
 * throws the one {@link org.keepalivedj.api.config.ConfigException} listing every error.
 *
 * <h2>The rules, as keepalived documents them and as keepalived 2.2.7 was seen to behave</h2>
 * <ul>
 * <li>{@code #} and {@code !} start a comment anywhere outside double quotes, also mid-word
 *     ({@code priority 1#x} is {@code priority 1}); {@code \#} and {@code \!} are the characters
 *     themselves. An unquoted {@code #} that a parameter such as {@code ${_HASH}} put in still ends
 *     the line (keepalived 2.2.7 does the same); inside quotes it is kept.</li>
 * <li>Words, as keepalived's two splitters make them. Ordinary lines: a word starting with
 *     {@code "} runs to the next {@code "} and is taken as written (no escapes); a {@code "} inside a
 *     word starts a new word; backslashes are ordinary. Lines of script keywords ({@code script},
 *     {@code notify*}, {@code misc_path}, {@code quorum_up/down}, {@code *_script}, ...), which
 *     keepalived re-reads like a shell command: {@code "} and {@code '} both quote, quoted parts
 *     may start or stop mid-word, and escapes ({@code \t \n \xHH \ooo \cC \"}, any other
 *     {@code \C} is C) are decoded. Token.quoted says whether any part was quoted.</li>
 * <li>'{' and '}' are words of their own even against other text
 *     ({@code virtual_ipaddress {10.0.0.1/32}}). A block belongs to the statement before it on the
 *     same line, or to the statement ending the previous non-blank line when '{' starts a line.
 *     Everything between braces on one line is one statement: {@code track_script { a b }} gives
 *     the child {@code a} with the argument {@code b}.</li>
 * <li>{@code include}, {@code includer/m/w/b/a} are recognised only on raw lines, before
 *     conditionals and parameters (as keepalived does); after a conditional they are dropped with
 *     a warning. Patterns are relative to the including file; braces expand first (alternatives in
 *     the order written), then globs (sorted, no leading-dot matches). Without checks a missing
 *     file is a warning; {@code include_check} (per file, inherited by included files) and the
 *     variants make it an error (brace_match for a missing brace alternative, wildcard_match for
 *     a glob matching nothing, match for a missing plain name; readable for unreadable,
 *     non-regular or executable files). The name is the rest of the line (blanks allowed; whole
 *     name in double quotes also accepted). Loops and nesting beyond 32 are errors.</li>
 * <li>{@code @id} / {@code @^id} at the start of a line (repeatable), also when produced by a
 *     parameter ({@code $IF_MAIN=@main}).</li>
 * <li>{@code $NAME=value} definitions (only blanks before {@code $}); a definition line ending in
 *     {@code \} continues on the next lines until one without {@code \} or an empty line (lines
 *     of blanks or comments are skipped). Values are substituted at use ({@code ${NAME}}
 *     anywhere, {@code $NAME} before a blank, ',', ')' or the end of the line),
 *     and the result is processed again (conditionals, definitions, repeaters, more parameters), to
 *     a depth of 64. Undefined parameters stay as written ({@code ${NAME}} with a warning).
 *     Predefined: {@code _PWD _INSTANCE _HASH _BANG _RANDOM [MIN [MAX]] _ENV NAME}; {@code
 *     random_seed} makes {@code _RANDOM} repeatable.</li>
 * <li>{@code ~SEQ(var, [start,] [step,] end)}, {@code ~SEQx} (hex values) and {@code ~LST(var, v...)}
 *     / {@code ~LST({a,b}, {1,2}, ...)} repeat the rest of the line; they nest. Numbers are read
 *     like C's strtol (0x hex, leading 0 octal); parameters may stand for them.</li>
 * <li>Every word keeps the file, line and column it was written at; words that came from a
 *     parameter point at the {@code $} that brought them in.</li>
 * <li>A line holding a NUL character is ignored with a warning, as keepalived does.</li>
 * <li>Guards keep garbage from hanging or exhausting memory: 64 nested blocks, 1 MiB per
 *     substituted line, 10 million processed lines, 1 million values per repeater, 4096 brace
 *     alternatives and 64 brace expressions per include, 64 MiB per file, 100 errors. The same
 *     problem at the same place is reported once.</li>
 * </ul>
 */
package org.keepalivedj.config.syntax;
