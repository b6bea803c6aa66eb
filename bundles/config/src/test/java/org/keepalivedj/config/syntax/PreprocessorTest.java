package org.keepalivedj.config.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;

/** Conditionals, parameters and line repeaters, with the man page's own examples. */
class PreprocessorTest {

    private static String shape(String configId, String text) throws Exception {
        return Trees.shape(Trees.reader(configId)
                .read(text, "t.conf", Path.of("/etc/keepalived"))
                .roots());
    }

    @Test
    void conditionalLinesFollowTheConfigId() throws Exception {
        String text = String.join(
                "\n",
                "global_defs {",
                "    @main   router_id main_router",
                "    @backup router_id backup_router",
                "}",
                "unicast_peer {",
                "    @^main    1.2.3.4",
                "    @^backup  1.2.3.5",
                "    @^backup2 1.2.3.6",
                "}");
        assertEquals(
                "global_defs {\n  router_id main_router\n}\nunicast_peer {\n  1.2.3.5\n  1.2.3.6\n}\n",
                shape("main", text));
        assertEquals(
                "global_defs {\n  router_id backup_router\n}\nunicast_peer {\n  1.2.3.4\n  1.2.3.6\n}\n",
                shape("backup", text));
        assertEquals("global_defs {\n}\nunicast_peer {\n  1.2.3.4\n  1.2.3.5\n  1.2.3.6\n}\n", shape("other", text));
    }

    @Test
    void aConditionalKeepsTheColumnOfTheWordsAfterIt() throws Exception {
        ParsedConfig parsed = Trees.read("@main\tpriority 170\n");
        assertEquals("priority@1:7 170@1:16\n", Trees.located(parsed.roots()));
    }

    @Test
    void definitionsAreSubstitutedAtUseTimeAndRecursively() throws Exception {
        String text = String.join(
                "\n",
                "$ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}",
                "$ADDRESS_BASE_SUB=0",
                "${ADDRESS_BASE}.100/32",
                "$ADDRESS_BASE_SUB=10",
                "${ADDRESS_BASE}.100/32");
        assertEquals("10.2.0.100/32\n10.2.10.100/32\n", shape("main", text));
    }

    @Test
    void plainDollarNamesNeedABlankAfterThemAndUndefinedOnesStay() throws Exception {
        String text = String.join(
                "\n", "$INST=low", "a $INST $INST.x ${INST}.x $NOPE \"$INST\" \"$INST \" f($INST,$INST)", "b $INST");
        assertEquals("a low $INST.x low.x $NOPE \"$INST\" \"low \" f(low,low)\nb low\n", shape("main", text));
    }

    @Test
    void substitutedWordsPointAtTheParameterInTheLineThatUsedIt() throws Exception {
        ParsedConfig parsed = Trees.read("$PRIO=240 100\n  priority $PRIO\n");
        assertEquals("priority@2:3 240@2:12 100@2:12\n", Trees.located(parsed.roots()));
    }

    @Test
    void conditionalDefinitionsAndConditionalsFromParameters() throws Exception {
        String text = String.join(
                "\n",
                "@main $PRIORITY=240",
                "@backup $PRIORITY=200",
                "vrrp_instance VI_0 {",
                "    priority $PRIORITY",
                "}",
                "$IF_MAIN=@main",
                "$IF_MAIN advert_int 2");
        assertEquals("vrrp_instance VI_0 {\n  priority 240\n}\nadvert_int 2\n", shape("main", text));
        assertEquals("vrrp_instance VI_0 {\n  priority 200\n}\n", shape("backup", text));
    }

    @Test
    void multiLineDefinitionsExpandIntoLinesWithTheirConditionalsAndDefinitions() throws Exception {
        String text = String.join(
                "\n",
                "$RS= \\",
                "real_server 192.168.${VS_NUM}.${RS_NUM} 80 { \\",
                "    weight 1 \\",
                "    @main inhibit_on_failure \\",
                "}",
                "$VS= \\",
                "virtual_server 10.0.${VS_NUM}.4 80 { \\",
                "    $RS_NUM=1 \\",
                "    $RS \\",
                "    $RS_NUM=2 \\",
                "    $RS \\",
                "}",
                "$VS_NUM=0",
                "$VS",
                "$VS_NUM=1",
                "$VS");
        String expected = String.join(
                "\n",
                "virtual_server 10.0.0.4 80 {",
                "  real_server 192.168.0.1 80 {",
                "    weight 1",
                "    inhibit_on_failure",
                "  }",
                "  real_server 192.168.0.2 80 {",
                "    weight 1",
                "    inhibit_on_failure",
                "  }",
                "}",
                "virtual_server 10.0.1.4 80 {",
                "  real_server 192.168.1.1 80 {",
                "    weight 1",
                "    inhibit_on_failure",
                "  }",
                "  real_server 192.168.1.2 80 {",
                "    weight 1",
                "    inhibit_on_failure",
                "  }",
                "}",
                "");
        assertEquals(expected, shape("main", text));
        ParsedConfig parsed = Trees.read(text);
        ConfigNode secondVs = parsed.roots().get(1);
        assertEquals(new Location("t.conf", 16, 1), secondVs.location());
        assertEquals(
                new Location("t.conf", 16, 1),
                secondVs.children().get(0).children().get(0).location());
    }

    @Test
    void anEmptyLineEndsAMultiLineDefinitionButCommentAndBlankLinesDoNot() throws Exception {
        String text = String.join(
                "\n",
                "$M= \\",
                "  advert_int 1 \\",
                "  # a comment",
                "   ",
                "  priority 5 \\",
                "",
                "  garp_master_delay 2",
                "$M");
        assertEquals("garp_master_delay 2\nadvert_int 1\npriority 5\n", shape("main", text));
    }

    @Test
    void aLineWithANulCharacterIsIgnoredWithAWarningAsInKeepalived() throws Exception {
        ParsedConfig parsed = Trees.read("a\nb\u0000c\nd\n");
        assertEquals("a\nd\n", Trees.shape(parsed.roots()));
        assertEquals("t.conf:2:2: warning: line holds a NUL character; ignored\n", Trees.problems(parsed.warnings()));
    }

    @Test
    void emptyValuesAreAllowed() throws Exception {
        assertEquals("a b\n", shape("main", "$E=\na $E b\n"));
        assertEquals("a b\n", shape("main", "$E=   \na $E b\n"));
    }

    @Test
    void predefinedParameters() throws Exception {
        String text = "x ${_PWD} ${_INSTANCE} \"${_HASH}${_BANG}\" ${_ENV KA_TEST} ${_RANDOM 7 7}\n";
        assertEquals(
                "x /etc/keepalived host7 \"#!\" from-env 7\n",
                Trees.shape(Trees.reader("host7")
                        .read(text, "t.conf", Path.of("/etc/keepalived"))
                        .roots()));
    }

    @Test
    void unquotedHashFromAParameterStillStartsACommentAsInKeepalived() throws Exception {
        assertEquals("garp_master_delay 1x\n", shape("main", "garp_master_delay 1x${_HASH}x\n"));
    }

    @Test
    void randomStaysInRangeAndRandomSeedMakesItRepeatable() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String v = Trees.read("v ${_RANDOM 3 5}\n")
                    .roots()
                    .get(0)
                    .args()
                    .get(0)
                    .text();
            int n = Integer.parseInt(v);
            assertTrue(n >= 3 && n <= 5, v);
            seen.add(v);
        }
        assertEquals(Set.of("3", "4", "5"), seen);
        String seeded = "global_defs {\n random_seed 42\n}\nv ${_RANDOM} ${_RANDOM}\n";
        assertEquals(Trees.shapeOf(seeded), Trees.shapeOf(seeded));
    }

    @Test
    void undefinedEnvironmentVariableIsEmptyWithAWarning() throws Exception {
        ParsedConfig parsed = Trees.read("x a${_ENV NOT_SET}b\n");
        assertEquals("x ab\n", Trees.shape(parsed.roots()));
        assertEquals(
                "t.conf:1:4: warning: environment variable NOT_SET is not set; ${_ENV NOT_SET} is empty\n",
                Trees.problems(parsed.warnings()));
    }

    @Test
    void undefinedBracedParameterIsLeftAsWrittenWithAWarning() throws Exception {
        ParsedConfig parsed = Trees.read("router_id ${UNDEF}\n");
        assertEquals(
                "t.conf:1:11: warning: parameter ${UNDEF} is not defined; left as written\n",
                Trees.problems(parsed.warnings()));
    }

    @Test
    void aProblemOnARepeatedLineIsReportedOnce() throws Exception {
        ParsedConfig parsed = Trees.read("~SEQ(I, 1, 50) v${I} ${NOPE}\n");
        assertEquals(50, parsed.roots().size());
        assertEquals(
                "t.conf:1:22: warning: parameter ${NOPE} is not defined; left as written\n",
                Trees.problems(parsed.warnings()));
        assertEquals(
                "t.conf:1:19: unterminated quoted string (missing closing '\"')\n",
                Trees.errorsOf("~SEQ(I, 1, 500) v \"$I\n"));
    }

    @Test
    void sequences() throws Exception {
        assertEquals(
                "ip_address 10.0.0.1\nip_address 10.0.1.1\nip_address 10.0.2.1\nip_address 10.0.3.1\n",
                shape("main", "~SEQ(SUBNET, 0, 3) ip_address 10.0.${SUBNET}.1"));
        String hex =
                "ip_address fe80::20:90:1\nip_address fe80::20:a0:1\nip_address fe80::20:b0:1\nip_address fe80::20:c0:1\n";
        assertEquals(hex, shape("main", "~SEQx(SUBNET, 144, 16, 192) ip_address fe80::20:${SUBNET}:1"));
        assertEquals(hex, shape("main", "~SEQx(SUBNET, 0x90, 0x10, 0xc0) ip_address fe80::20:${SUBNET}:1"));
        assertEquals("v 1\nv 2\nv 3\n", shape("main", "~SEQ(N, 3) v $N"));
        assertEquals("v -1\nv -2\n", shape("main", "~SEQ(N, -2) v $N"));
        assertEquals("v 1\nv 0\n", shape("main", "~SEQ(N, 0) v $N"));
        assertEquals("v 5\nv 4\nv 3\n", shape("main", "~SEQ (N, 5, 3) v $N"));
        assertEquals("v 8\nv 10\n", shape("main", "~SEQ(N, 010, 2, 10) v $N"));
        assertEquals("v 7\n", shape("main", "~SEQ(N, 7, 7) v $N"));
    }

    @Test
    void sequenceAndListValuesMayBeParameters() throws Exception {
        assertEquals(
                "v 2\nv 3\nw x\nw y\n",
                shape("main", "$FIRST=2\n$LAST=3\n$B=y\n~SEQ(N, $FIRST, ${LAST}) v $N\n~LST(A, x, $B) w $A\n"));
    }

    @Test
    void nestedSequencesInABlockKeepTheirColumns() throws Exception {
        String text =
                "virtual_ipaddress {\n    ~SEQx(AD2, 0x90, 0x10, 0xa0) ~SEQx(AD1, 0x12, -1, 0x11) fe81::10:${AD2}:${AD1}\n}\n";
        ParsedConfig parsed = Trees.read(text);
        assertEquals(
                String.join(
                        "\n",
                        "virtual_ipaddress@1:1 {",
                        "  fe81::10:90:12@2:61",
                        "  fe81::10:90:11@2:61",
                        "  fe81::10:a0:12@2:61",
                        "  fe81::10:a0:11@2:61",
                        "}",
                        ""),
                Trees.located(parsed.roots()));
    }

    @Test
    void sequenceVariableIsRestoredAfterTheLine() throws Exception {
        assertEquals("v 1\nv 2\nafter keep\n", shape("main", "$N=keep\n~SEQ(N, 2) v $N\nafter $N\n"));
    }

    @Test
    void lists() throws Exception {
        assertEquals(
                "192.168.10.1\n192.168.20.4\n", shape("main", "~LST({IP, IP1}, {10,1},{20,4}) 192.168.${IP}.${IP1}"));
        assertEquals("a 1 5\na 1 6\na 2 5\na 2 6\n", shape("main", "~LST(A, 1, 2) ~LST(B, 5,6) a ${A} ${B}"));
        assertEquals(
                "192.168.10.1\n192.170.10.1\n192.168.20.4\n192.170.20.4\n",
                shape("main", "~LST({IP,   IP1},  {10,1},{20,4})  ~SEQ(IP2,168,2,170) 192.${IP2}.${IP}.${IP1}"));
    }

    @Test
    void aSequenceOfMultiLineDefinitionsBuildsManyInstances() throws Exception {
        String text = String.join(
                "\n",
                "$VI= \\",
                "vrrp_instance vi.${IF}.${ID} { \\",
                "    virtual_router_id ${ID} \\",
                "}",
                "~SEQ(IF,0,1) ~SEQ(ID,1,3) $VI");
        List<ConfigNode> roots = Trees.read(text).roots();
        assertEquals(
                List.of("vi.0.1", "vi.0.2", "vi.0.3", "vi.1.1", "vi.1.2", "vi.1.3"),
                roots.stream().map(n -> n.arg(0).orElseThrow()).toList());
        assertEquals(
                "3",
                roots.get(5).child("virtual_router_id").orElseThrow().arg(0).orElseThrow());
    }
}
