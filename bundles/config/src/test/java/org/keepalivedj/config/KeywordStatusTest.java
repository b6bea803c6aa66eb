package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.config.KeywordTable.Keyword;
import org.keepalivedj.config.KeywordTable.Kind;
import org.keepalivedj.config.KeywordTable.Section;
import org.keepalivedj.config.KeywordTable.Status;

/** What each status of keywords.table does at load: nothing, an advisory at the token, or an error. */
class KeywordStatusTest {

    private static KeepalivedConfigLoader.Result load(String text) throws ConfigException {
        return Samples.loader().load(text, "t.conf", Path.of("."));
    }

    private static List<String> warnings(KeepalivedConfigLoader.Result r) {
        return r.warnings().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void aSupportedKeywordGivesNoWarning() throws ConfigException {
        assertEquals(
                Status.SUPPORTED,
                KeywordTable.standard().section("global_defs").get("router_id").status());
        KeepalivedConfigLoader.Result r = load("global_defs {\n    router_id lb1\n}\n");
        assertEquals("lb1", r.config().globalDefs().routerId());
        assertEquals(List.of(), warnings(r));
    }

    @Test
    void aNoEffectKeywordGivesExactlyOneAdvisoryAtItsToken() throws ConfigException {
        KeepalivedConfigLoader.Result r = load("global_defs {\n    router_id lb1\n      vrrp_process_name vr\n}\n");
        assertEquals(
                List.of(
                        "t.conf:3:7: warning: vrrp_process_name has no effect in keepalived-j (one JVM process, its name is not"
                                + " changed)"),
                warnings(r));
        assertEquals(ConfigProblem.Severity.ADVISORY, r.warnings().get(0).severity());
    }

    @Test
    void snmpSocketMustBeAStreamSocket() throws ConfigException {
        assertEquals(List.of(), warnings(load("global_defs {\n    snmp_socket unix:/run/agentx/master\n}\n")));
        assertEquals(List.of(), warnings(load("global_defs {\n    snmp_socket tcp:127.0.0.1:705\n}\n")));
        assertEquals(
                List.of(
                        "t.conf:2:5: warning: global_defs: snmp_socket udp:localhost:705 is neither unix:/PATH nor tcp:HOST:PORT,"
                                + " SNMP will not be served"),
                warnings(load("global_defs {\n    snmp_socket udp:localhost:705\n}\n")));
    }

    @Test
    void initFileWithOverwriteLoadsSilently() throws ConfigException {
        KeepalivedConfigLoader.Result r = load("track_file F {\n    file /tmp/f\n    init_file 5 overwrite\n}\n");
        assertEquals(List.of(), warnings(r));
        assertEquals(true, r.config().trackFiles().get("F").initOverwrite());
        assertEquals(5, r.config().trackFiles().get("F").initValue());
    }

    @Test
    void theUnsupportedFormsOfPartialGlobalKeywordsWarn() throws ConfigException {
        KeepalivedConfigLoader.Result r =
                load("global_defs {\n    vrrp_notify_fifo /run/k.fifo root\n    nftables mytable\n}\n");
        assertEquals(
                List.of(
                        "t.conf:3:5: warning: nftables TABLE has no effect in keepalived-j (the table is always inet keepalivedj)"),
                warnings(r));
        assertEquals(
                List.of(),
                warnings(load("global_defs {\n    vrrp_notify_fifo /run/k.fifo\n    nftables\n}\n")),
                "the supported forms are silent (vrrp_notify_fifo's owner is set when the FIFO is created)");
    }

    @Test
    void netNamespaceIsTypedAndSilent() throws Exception {
        KeepalivedConfigLoader.Result r = load("net_namespace blue\n");
        assertEquals(List.of(), warnings(r));
        assertEquals("blue", r.config().netNamespace().name());
        assertEquals(1, r.config().netNamespace().origin().location().line());
        assertEquals(null, r.config().rootSettings().get("net_namespace"), "typed, not kept verbatim");
        String dump = ConfigDump.dump(r.config());
        assertTrue(dump.startsWith("net_namespace blue\n"), dump);
        assertEquals(r.config(), load(dump).config(), "the dump reads back equal");
        assertEquals(null, load("global_defs {\n}\n").config().netNamespace());
        ConfigException e = assertThrows(ConfigException.class, () -> load("net_namespace ..\n"));
        assertEquals(
                List.of(
                        "t.conf:1:15: net_namespace ..: not a namespace name (a file name under /run/netns, without '/')"),
                e.problems().stream()
                        .filter(ConfigProblem::isError)
                        .map(ConfigProblem::toString)
                        .toList());
    }

    /** Every no-effect keyword of global_defs, used with a value of its shape, gives its advisory and nothing else. */
    @TestFactory
    Stream<DynamicTest> everyNoEffectGlobalKeywordWarns() {
        Section globals = KeywordTable.standard().section("global_defs");
        return globals.keywords().values().stream()
                .filter(k -> k.status() == Status.NOEFFECT)
                .map(k -> DynamicTest.dynamicTest(k.name(), () -> {
                    KeepalivedConfigLoader.Result r = load("global_defs {\n    " + k.name() + sample(k) + "\n}\n");
                    String advisory =
                            "t.conf:2:5: warning: " + k.name() + " has no effect in keepalived-j (" + k.note() + ")";
                    List<String> expected = k.kind() == Kind.ALIAS
                            ? List.of(
                                    advisory,
                                    "t.conf:2:5: warning: global_defs: " + k.name() + " is deprecated, use " + k.p1())
                            : List.of(advisory);
                    assertEquals(expected, warnings(r));
                }));
    }

    /** A value of the keyword's shape (the target's, for an alias). */
    private static String sample(Keyword k) {
        Keyword shape = k.kind() == Kind.ALIAS || k.kind() == Kind.SAME
                ? KeywordTable.standard().section("global_defs").get(k.p1())
                : k;
        return switch (shape.kind()) {
            case FLAG, OPT -> "";
            case INT ->
                " "
                        + (shape.low() == null
                                ? "1"
                                : shape.low().max(java.math.BigDecimal.ONE).toPlainString());
            case SECS, MS -> " 1";
            case IP -> " 192.0.2.1";
            case ENUM -> " " + shape.p1().split("\\|")[0];
            default -> " x";
        };
    }

    @Test
    void everySpellingHasTheStatusOfTheKeywordItStandsFor() {
        for (Section s : KeywordTable.standard().sections().values()) {
            for (Keyword k : s.keywords().values()) {
                if (k.kind() == Kind.ALIAS || k.kind() == Kind.SAME) {
                    Keyword target = s.get(k.p1());
                    assertNotNull(target, s.name() + ": " + k.name() + " stands for a keyword the block lacks");
                    assertEquals(target.status(), k.status(), s.name() + ": " + k.name() + " and " + k.p1());
                    assertEquals(target.note(), k.note(), s.name() + ": " + k.name() + " and " + k.p1());
                }
            }
        }
    }
}
