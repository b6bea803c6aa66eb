package org.keepalivedj.config.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.Location;

/** include and its variants, on real files in a temporary directory. */
class IncludeTest {
    @TempDir
    Path dir;

    private Path write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private ParsedConfig read(Path file) throws ConfigException {
        return Trees.reader("main").read(file);
    }

    private String errors(Path file) {
        ConfigException e = assertThrows(ConfigException.class, () -> read(file));
        return Trees.problems(e.problems()).replace(dir.toString(), "DIR");
    }

    private String warnings(ParsedConfig parsed) {
        return Trees.problems(parsed.warnings()).replace(dir.toString(), "DIR");
    }

    @Test
    void includedStatementsAreSplicedInWithTheirOwnFileAndLine() throws Exception {
        Path main = write("keepalived.conf", "global_defs {\n  include globals.conf\n}\nvrrp_instance VI_1 {\n}\n");
        Path globals = write("globals.conf", "\n router_id r1\n");
        ParsedConfig parsed = read(main);
        assertEquals("global_defs {\n  router_id r1\n}\nvrrp_instance VI_1 {\n}\n", Trees.shape(parsed.roots()));
        assertEquals(
                new Location(globals.toString(), 2, 2),
                parsed.roots().get(0).children().get(0).location());
        assertEquals(new Location(main.toString(), 4, 1), parsed.roots().get(1).location());
        assertEquals(List.of(main, globals), parsed.files());
        assertEquals("", warnings(parsed));
    }

    @Test
    void aRelativeMainPathGivesRelativeLocationsAsWritten() throws Exception {
        write("keepalived.conf", "include sub/a.conf\n");
        write("sub/a.conf", "a\n");
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("keepalived.conf"));
        ParsedConfig parsed = read(relative);
        assertEquals(
                relative.getParent().resolve("sub/a.conf").toString(),
                parsed.roots().get(0).location().file());
        assertEquals(List.of(relative, relative.getParent().resolve("sub/a.conf")), parsed.files());
    }

    @Test
    void pathsAreRelativeToTheIncludingFilesDirectoryAndPwdFollows() throws Exception {
        Path main = write("keepalived.conf", "include sub/a.conf\n");
        write("sub/a.conf", "a ${_PWD}\ninclude b.conf\n");
        write("sub/b.conf", "b ${_PWD}\n");
        write("b.conf", "wrong\n");
        String sub = dir.resolve("sub").toString();
        assertEquals("a " + sub + "\nb " + sub + "\n", Trees.shape(read(main).roots()));
    }

    @Test
    void globsMatchInSortedOrderAndSkipHiddenFiles() throws Exception {
        Path main = write("keepalived.conf", "include conf.d/*.conf\ninclude conf.d/[ab]?.x\n");
        write("conf.d/b.conf", "b\n");
        write("conf.d/a.conf", "a\n");
        write("conf.d/.hidden.conf", "hidden\n");
        write("conf.d/c.txt", "not conf\n");
        write("conf.d/a1.x", "a1\n");
        write("conf.d/b2.x", "b2\n");
        write("conf.d/c3.x", "c3\n");
        assertEquals("a\nb\na1\nb2\n", Trees.shape(read(main).roots()));
    }

    @Test
    void bracesExpandInTheOrderWrittenAndMayNest() throws Exception {
        Path main = write("keepalived.conf", "include {z,a,d/{x,y}}.conf\n");
        // (a brace pattern is one word: the block tree never sees these braces)
        write("z.conf", "z\n");
        write("a.conf", "a\n");
        write("d/x.conf", "x\n");
        write("d/y.conf", "y\n");
        assertEquals("z\na\nx\ny\n", Trees.shape(read(main).roots()));
    }

    @Test
    void absoluteAndQuotedPaths() throws Exception {
        Path other = write("with space/v.conf", "v\n");
        Path main = write("keepalived.conf", "include " + dir.resolve("b.conf") + "\ninclude \"with space/v.conf\"\n");
        write("b.conf", "b\n");
        ParsedConfig parsed = read(main);
        assertEquals("b\nv\n", Trees.shape(parsed.roots()));
        assertEquals(other.toString(), parsed.roots().get(1).location().file());
    }

    @Test
    void textReadAsANamedFileIncludesRelativeToItsBaseDirectory() throws Exception {
        write("inc/x.conf", "x\n");
        ParsedConfig parsed = Trees.reader("main").read("include inc/x.conf\n", "memory.conf", dir);
        assertEquals("x\n", Trees.shape(parsed.roots()));
        assertEquals(List.of(dir.resolve("inc/x.conf")), parsed.files());
    }

    @Test
    void plainIncludeOfAMissingFileIsAWarningAsKeepalivedOnlyLogsIt() throws Exception {
        Path main =
                write("keepalived.conf", "a\ninclude missing.conf\ninclude none*.conf\ninclude {a,missing2}.conf\n");
        write("a.conf", "from_a\n");
        ParsedConfig parsed = read(main);
        assertEquals("a\nfrom_a\n", Trees.shape(parsed.roots()));
        assertEquals(
                String.join(
                        "\n",
                        "DIR/keepalived.conf:2:1: warning: include: no file matches 'missing.conf'",
                        "DIR/keepalived.conf:3:1: warning: include: no file matches 'none*.conf'",
                        "DIR/keepalived.conf:4:1: warning: include: no file matches 'missing2.conf' (from '{a,missing2}.conf')",
                        ""),
                warnings(parsed));
    }

    @Test
    void includemRequiresAMatchUnlessTheNameHasAWildcard() throws Exception {
        Path main = write("keepalived.conf", "includem missing.conf\nincludem none*.conf\n");
        assertEquals("DIR/keepalived.conf:1:1: includem: no file matches 'missing.conf'\n", errors(main));
    }

    @Test
    void includeTakesTheRestOfTheLineSoNamesMayHoldBlanks() throws Exception {
        write("my dir/a.conf", "a\n");
        Path main = write("keepalived.conf", "include my dir/*.conf   \n");
        assertEquals("a\n", Trees.shape(read(main).roots()));
    }

    @Test
    void executableFilesAreNotIncluded() throws Exception {
        Path exe = write("x.conf", "x\n");
        Files.setPosixFilePermissions(exe, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path main = write("keepalived.conf", "includer x.conf\n");
        assertEquals(
                "DIR/keepalived.conf:1:1: includer: cannot read 'DIR/x.conf': executable"
                        + " (keepalived refuses executable config files)\n",
                errors(main));
    }

    @Test
    void includewRequiresAMatchEvenForAWildcard() throws Exception {
        Path main = write("keepalived.conf", "\n  includew none*.conf\n");
        assertEquals("DIR/keepalived.conf:2:3: includew: no file matches 'none*.conf'\n", errors(main));
    }

    @Test
    void includebRequiresEveryBraceAlternativeToMatch() throws Exception {
        Path main = write("keepalived.conf", "includeb {a,b}.conf\n");
        write("a.conf", "a\n");
        assertEquals("DIR/keepalived.conf:1:1: includeb: no file matches 'b.conf' (from '{a,b}.conf')\n", errors(main));
    }

    @Test
    void includerRefusesAMatchThatIsNotAReadableFileButAllowsNoMatch() throws Exception {
        Files.createDirectories(dir.resolve("conf.d/sub.conf"));
        Path main = write("keepalived.conf", "includer nothing*.conf\nincluder conf.d/*.conf\n");
        assertEquals(
                "DIR/keepalived.conf:2:1: includer: cannot read 'DIR/conf.d/sub.conf': not a regular file\n",
                errors(main));
        Path plain = write("plain.conf", "include conf.d/*.conf\n");
        assertEquals(
                "DIR/plain.conf:1:1: warning: include: cannot read 'DIR/conf.d/sub.conf': not a regular file\n",
                warnings(read(plain)));
    }

    @Test
    void includeaChecksEverything() throws Exception {
        Path main = write("keepalived.conf", "includea x*.conf\n");
        assertEquals("DIR/keepalived.conf:1:1: includea: no file matches 'x*.conf'\n", errors(main));
    }

    @Test
    void includeCheckSetsTheLevelForTheFileAndWhatItIncludes() throws Exception {
        Path main = write(
                "keepalived.conf",
                String.join(
                        "\n",
                        "global_defs {",
                        "  include_check match",
                        "}",
                        "include lenient.conf",
                        "include missing1.conf",
                        ""));
        write("lenient.conf", "include_check -match\ninclude missing2.conf\n");
        assertEquals("DIR/keepalived.conf:5:1: include: no file matches 'missing1.conf'\n", errors(main));
        Path wild = write("wild.conf", "include_check read +wildcard_match\ninclude nothing*.conf\n");
        assertEquals("DIR/wild.conf:2:1: include: no file matches 'nothing*.conf'\n", errors(wild));
    }

    @Test
    void includeCheckWithoutOptionsMeansAllAndUnknownOptionsWarn() throws Exception {
        Path all = write("all.conf", "include_check\ninclude x*.conf\n");
        assertEquals("DIR/all.conf:2:1: include: no file matches 'x*.conf'\n", errors(all));
        Path unknown = write("unknown.conf", "include_check bogus match\n");
        assertEquals(
                "DIR/unknown.conf:1:15: warning: include_check: unknown option 'bogus'"
                        + " (expected readable, match, wildcard_match or brace_match)\n"
                        + "DIR/unknown.conf:1:21: warning: include_check: 'match' ignored: only the first option may be"
                        + " given without + or -\n",
                warnings(read(unknown)));
    }

    @Test
    void anIncludeLoopIsAnError() throws Exception {
        Path main = write("keepalived.conf", "include a.conf\n");
        write("a.conf", "a\ninclude keepalived.conf\n");
        assertEquals("DIR/a.conf:2:1: include: 'DIR/keepalived.conf' includes itself (include loop)\n", errors(main));
    }

    @Test
    void theSameFileMayBeIncludedTwiceInARow() throws Exception {
        Path main = write("keepalived.conf", "include a.conf\ninclude a.conf\n");
        write("a.conf", "a\n");
        ParsedConfig parsed = read(main);
        assertEquals("a\na\n", Trees.shape(parsed.roots()));
        assertEquals(3, parsed.files().size());
    }

    @Test
    void includeAfterAConditionalIsNotFollowedAsInKeepalived() throws Exception {
        Path main = write("keepalived.conf", "@main include a.conf\n");
        write("a.conf", "a\n");
        ParsedConfig parsed = read(main);
        assertEquals("", Trees.shape(parsed.roots()));
        assertEquals(
                "DIR/keepalived.conf:1:7: warning: include ignored: keepalived recognises include only on a"
                        + " line of its own, not after a conditional or from a parameter\n",
                warnings(parsed));
    }

    @Test
    void aHugeFileIsRefusedUnread() throws Exception {
        Path huge = dir.resolve("huge.conf");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(100L << 20); // sparse: takes no disk space
        }
        Path main = write("keepalived.conf", "includer huge.conf\n");
        assertEquals(
                "DIR/keepalived.conf:1:1: includer: cannot read 'DIR/huge.conf': larger than 64 MB\n", errors(main));
    }

    @Test
    void aMissingMainFileIsAnError() {
        assertEquals(
                "DIR/nope.conf:0:0: cannot read configuration file: no such file\n", errors(dir.resolve("nope.conf")));
    }

    @Test
    void definitionsCarryAcrossIncludes() throws Exception {
        Path main = write("keepalived.conf", "$P=9\ninclude a.conf\nafter $Q\n");
        write("a.conf", "in_a $P\n$Q=7\n");
        assertEquals("in_a 9\nafter 7\n", Trees.shape(read(main).roots()));
    }
}
