package org.keepalivedj.config.syntax;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds the files an include pattern names: csh-style brace expansion first ({@code a{b,c}d} gives
 * {@code abd acd}, nested allowed), then shell globbing of each alternative ({@code * ? [...]}, where
 * wildcards do not match a leading dot), relative to the including file's directory. Matches of
 * one alternative come out sorted, alternatives in the order written, as glob(3) gives them.
 */
final class IncludeFinder {
    /** Brace expressions can multiply; beyond this many alternatives the pattern is refused. */
    static final int MAX_ALTERNATIVES = 4096;
    /** Each brace group is expanded by one level of recursion; this keeps it shallow. */
    static final int MAX_BRACE_GROUPS = 64;

    private IncludeFinder() {}

    static boolean hasWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /**
     * The alternatives of a brace expression, or the pattern itself when it has none.
     *
     * @throws IllegalArgumentException if the expansion is larger than {@link #MAX_ALTERNATIVES}
     */
    static List<String> expandBraces(String pattern) {
        long groups = pattern.chars().filter(c -> c == '{').count();
        if (groups > MAX_BRACE_GROUPS) {
            throw new IllegalArgumentException("more than " + MAX_BRACE_GROUPS + " brace expressions");
        }
        List<String> out = new ArrayList<>();
        expandInto(pattern, out);
        return out;
    }

    private static void expandInto(String pattern, List<String> out) {
        int open = -1;
        int close = -1;
        List<Integer> commas = new ArrayList<>();
        for (int i = 0; i < pattern.length() && close < 0; i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                int depth = 0;
                commas.clear();
                for (int j = i; j < pattern.length(); j++) {
                    char d = pattern.charAt(j);
                    if (d == '\\') {
                        j++;
                    } else if (d == '{') {
                        depth++;
                    } else if (d == '}') {
                        depth--;
                        if (depth == 0) {
                            open = i;
                            close = j;
                            break;
                        }
                    } else if (d == ',' && depth == 1) {
                        commas.add(j);
                    }
                }
                if (close < 0) {
                    break; // an unbalanced '{' is an ordinary character
                }
            }
        }
        if (close < 0) {
            add(out, pattern);
            return;
        }
        String prefix = pattern.substring(0, open);
        String suffix = pattern.substring(close + 1);
        int from = open + 1;
        commas.add(close);
        for (int comma : commas) {
            expandInto(prefix + pattern.substring(from, comma) + suffix, out);
            from = comma + 1;
        }
    }

    private static void add(List<String> out, String alternative) {
        if (out.size() >= MAX_ALTERNATIVES) {
            throw new IllegalArgumentException("brace expansion gives more than " + MAX_ALTERNATIVES + " file names");
        }
        out.add(alternative);
    }

    /**
     * The existing paths matching one glob pattern (no braces), sorted.
     *
     * @throws InvalidPathException if the pattern cannot be a path on this system
     */
    static List<Path> glob(Path baseDir, String pattern) {
        Path start = pattern.startsWith("/") ? Path.of("/") : baseDir;
        if (!hasWildcard(pattern)) {
            Path p = start.resolve(pattern.startsWith("/") ? pattern.substring(1) : pattern);
            return Files.exists(p) ? List.of(p) : List.of();
        }
        List<Path> current = List.of(start);
        String[] parts = pattern.split("/");
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!hasWildcard(part)) {
                    next.add(dir.resolve(unescape(part)));
                } else if (Files.isDirectory(dir)) {
                    next.addAll(matchingEntries(dir, part));
                }
            }
            current = next;
            if (current.isEmpty()) {
                return List.of();
            }
        }
        List<Path> existing = new ArrayList<>();
        for (Path p : current) {
            if (Files.exists(p)) {
                existing.add(p);
            }
        }
        return existing;
    }

    private static List<Path> matchingEntries(Path dir, String part) {
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Glob.matches(part, name)) {
                    matches.add(dir.resolve(name));
                }
            }
        } catch (IOException e) {
            return List.of(); // an unreadable directory matches nothing, as with glob(3)
        }
        Collections.sort(matches);
        return matches;
    }

    private static String unescape(String part) {
        if (part.indexOf('\\') < 0) {
            return part;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '\\' && i + 1 < part.length()) {
                c = part.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
