package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.config.KeywordTable.Keyword;
import org.keepalivedj.config.KeywordTable.Kind;
import org.keepalivedj.config.KeywordTable.Section;
import org.keepalivedj.config.KeywordTable.Status;
import org.keepalivedj.config.checkers.HttpCheckSpec;

/**
 * Every flag keyword of every block reads its value, as keepalived does: bare, true, yes, on (and
 * 1, any case) are true; false, no, off (and 0) are false. Where the model keeps the keyword
 * verbatim, {@link Settings#flag} must give the value; where it has a typed field, the model bound
 * from "KEYWORD false" must differ from the one bound from "KEYWORD" and equal the other false forms.
 */
class FlagValuesTest {
    private static final List<String> TRUE = List.of("", " true", " yes", " on", " 1", " ON");
    private static final List<String> FALSE = List.of(" false", " no", " off", " 0", " False");

    /** A config with one block of the section, %s where the keyword goes, and how to find the block's model. */
    private record Template(String text, Function<KeepalivedConfig, Object> block) {}

    private static final String INSTANCE = "vrrp_instance VI {\n    interface eth0\n    virtual_router_id 1\n"
            + "    no_virtual_ipaddress\n    nopreempt\n%s}\n";
    private static final String VS = "bfd_instance B {\n    neighbor_ip 192.0.2.1\n}\n"
            + "virtual_server 192.0.2.10 80 {\n    protocol UDP\n    lvs_sched SCHED\n    sorry_server 192.0.2.99 80\n"
            + "    real_server 192.0.2.20 80 {\n        weight 1\n%s    }\n%s}\n";

    private static Object vs(KeepalivedConfig c) {
        return c.virtualServers().values().iterator().next();
    }

    private static RealServer rs(KeepalivedConfig c) {
        return ((VirtualServer) vs(c)).realServers().values().iterator().next();
    }

    private static Object checker(KeepalivedConfig c) {
        return rs(c).checkers().get(0).spec();
    }

    private static String checkerBlock(String kind, String body) {
        return VS.formatted("        " + kind + " {\n" + body + "%s        }\n", "")
                .replace("%s", "%%s")
                .replaceFirst("%%s", "%s")
                .replace("%%s", "");
    }

    private static Map<String, Template> templates() {
        Map<String, Template> t = new LinkedHashMap<>();
        t.put("root", new Template("%s", KeepalivedConfig::rootSettings));
        t.put("global_defs", new Template("global_defs {\n%s}\n", KeepalivedConfig::globalDefs));
        t.put("vrrp_instance", new Template(INSTANCE, c -> c.vrrpInstances().get("VI")));
        t.put(
                "vrrp_sync_group",
                new Template(
                        INSTANCE.formatted("") + "vrrp_sync_group G {\n    group {\n        VI\n    }\n%s}\n",
                        c -> c.syncGroups().get("G")));
        t.put(
                "vrrp_script",
                new Template(
                        "vrrp_script S {\n    script /bin/true\n%s}\n",
                        c -> c.vrrpScripts().get("S")));
        t.put(
                "vrrp_track_process",
                new Template(
                        "vrrp_track_process P {\n    process sshd\n%s}\n",
                        c -> c.trackProcesses().get("P")));
        t.put(
                "bfd_instance",
                new Template(
                        "bfd_instance B {\n    neighbor_ip 192.0.2.1\n%s}\n",
                        c -> c.bfdInstances().get("B")));
        t.put("virtual_server", new Template(VS.formatted("", "%s"), FlagValuesTest::vs));
        t.put("real_server", new Template(VS.formatted("%s", ""), FlagValuesTest::rs));
        for (String kind : List.of("TCP_CHECK", "PING_CHECK", "SMTP_CHECK", "DNS_CHECK", "UDP_CHECK")) {
            t.put(kind, new Template(checkerBlock(kind, ""), FlagValuesTest::checker));
        }
        String url = "            url {\n                path /\n            }\n";
        t.put("HTTP_GET", new Template(checkerBlock("HTTP_GET", url), FlagValuesTest::checker));
        t.put("SSL_GET", new Template(checkerBlock("SSL_GET", url), FlagValuesTest::checker));
        t.put(
                "MISC_CHECK",
                new Template(checkerBlock("MISC_CHECK", "            misc_path /bin/true\n"), FlagValuesTest::checker));
        t.put("BFD_CHECK", new Template(checkerBlock("BFD_CHECK", "            name B\n"), FlagValuesTest::checker));
        t.put(
                "url",
                new Template(
                        checkerBlock("HTTP_GET", "            url {\n                path /\n%s            }\n"),
                        c -> ((HttpCheckSpec) checker(c)).urls().get(0)));
        t.put(
                "smtp_host",
                new Template(
                        checkerBlock(
                                "SMTP_CHECK",
                                "            host {\n                connect_ip 192.0.2.30\n%s            }\n"),
                        c -> rs(c).checkers().get(1).spec()));
        return t;
    }

    @Test
    void everyBlockWithFlagsHasATemplate() {
        Set<String> missing = new TreeSet<>();
        for (Section s : KeywordTable.standard().sections().values()) {
            boolean flags = s.keywords().values().stream().anyMatch(k -> k.kind() == Kind.FLAG);
            if (flags && !s.name().equals("checker_common") && !templates().containsKey(s.name())) {
                missing.add(s.name());
            }
        }
        assertEquals(Set.of(), missing, "blocks with flag keywords that FlagValuesTest does not cover");
    }

    @TestFactory
    Stream<DynamicTest> everyFlagReadsItsValue() {
        List<DynamicTest> tests = new ArrayList<>();
        templates().forEach((section, template) -> {
            for (Keyword k : KeywordTable.standard().section(section).keywords().values()) {
                if (k.kind() == Kind.FLAG) {
                    tests.add(DynamicTest.dynamicTest(section + " " + k.name(), () -> check(section, template, k)));
                }
            }
        });
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    private static Object bind(String section, Template template, String keyword, String value) throws ConfigException {
        String line = (section.equals("root") ? "" : "    ") + keyword + value + "\n";
        String sched = keyword.startsWith("mh-") ? "mh" : "sh";
        String text = template.text().replace("SCHED", sched).replace("%s", line);
        try {
            return template.block()
                    .apply(Samples.loader().load(text, "t.conf", Path.of(".")).config());
        } catch (ConfigException e) {
            throw new AssertionError(keyword + value + " does not load:\n" + e.getMessage() + "\n" + text, e);
        }
    }

    private static Settings settingsOf(Object block) {
        if (block instanceof Settings s) {
            return s;
        }
        try {
            Object s = block.getClass().getMethod("settings").invoke(block);
            return s instanceof Settings settings ? settings : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static void check(String section, Template template, Keyword k) throws ConfigException {
        Object bare = bind(section, template, k.name(), "");
        Settings verbatim = settingsOf(bare);
        if (verbatim != null && verbatim.has(k.name())) {
            for (String v : TRUE) {
                assertEquals(
                        Boolean.TRUE,
                        settingsOf(bind(section, template, k.name(), v)).flag(k.name()),
                        k.name() + v);
            }
            for (String v : FALSE) {
                assertEquals(
                        Boolean.FALSE,
                        settingsOf(bind(section, template, k.name(), v)).flag(k.name()),
                        k.name() + v);
            }
            return;
        }
        Object off = bind(section, template, k.name(), " false");
        if (off.equals(bare)) {
            // only a keyword with no effect may be missing from the model entirely
            assertEquals(
                    Status.NOEFFECT, k.status(), section + " " + k.name() + ": false and true bind to the same model");
            return;
        }
        for (String v : TRUE) {
            assertEquals(bare, bind(section, template, k.name(), v), k.name() + v + " must bind as " + k.name());
        }
        for (String v : FALSE) {
            Object bound = bind(section, template, k.name(), v);
            assertEquals(off, bound, k.name() + v + " must bind as " + k.name() + " false");
            assertNotEquals(bare, bound, k.name() + v);
        }
    }

    @Test
    void theKnownPresenceBugsAreGone() throws ConfigException {
        Object strictOff = bind("vrrp_instance", templates().get("vrrp_instance"), "strict_mode", " false");
        assertEquals(Boolean.FALSE, settingsOf(strictOff).flag("strict_mode"));
        Object checksumOff = bind("global_defs", templates().get("global_defs"), "v3_checksum_as_v2", " false");
        assertEquals(Boolean.FALSE, settingsOf(checksumOff).flag("v3_checksum_as_v2"));
        assertTrue(settingsOf(bind("vrrp_instance", templates().get("vrrp_instance"), "v3_checksum_as_v2", ""))
                .flag("v3_checksum_as_v2"));
    }
}
