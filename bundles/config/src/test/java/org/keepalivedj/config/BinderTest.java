package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.model.VrrpState;
import org.keepalivedj.config.checkers.HttpCheckSpec;
import org.keepalivedj.config.syntax.ConfigReader;

/** Binding details: typed values, defaults, warnings, and the checker registry. */
class BinderTest {
    private static final String VS = """
            virtual_server 192.0.2.10 80 {
                lb_algo rr
                protocol TCP
                real_server 10.0.0.2 80 {
                    TCP_CHECK {
                        connect_timeout 3
                    }
                }
            }
            """;

    private static KeepalivedConfigLoader.Result load(String text) throws ConfigException {
        return Samples.loader().load(text, "t.conf", Path.of("."));
    }

    @Test
    void nopreemptIsClearedForAnInstanceThatStartsAsMasterAsKeepalivedClearsIt() throws ConfigException {
        KeepalivedConfigLoader.Result r = load("""
                vrrp_instance VI_1 {
                    state MASTER
                    priority 100
                    nopreempt
                    interface lo
                    virtual_router_id 7
                    virtual_ipaddress {
                        192.0.2.5/32
                    }
                }
                """);
        assertFalse(r.config().vrrpInstances().get("VI_1").nopreempt());
        assertTrue(
                r.warnings().stream()
                        .anyMatch(p -> p.toString().startsWith("t.conf:4:5: warning:")
                                && p.message().contains("nopreempt will not work with initial state MASTER")),
                r.warnings()::toString);
    }

    @Test
    void instanceValuesAndDefaults() throws ConfigException {
        VrrpInstance vi = load("""
                global_defs {
                    vrrp_garp_master_delay 7
                }
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth3
                    virtual_router_id 7
                    advert_int 2
                    virtual_ipaddress {
                        2001:db8::5/64 dev eth3
                    }
                }
                """).config().vrrpInstances().get("VI_1");
        assertEquals(VrrpState.MASTER, vi.initialState());
        assertEquals("eth3", vi.interfaceName());
        assertEquals(255, vi.priority(), "a MASTER without priority owns its addresses");
        assertEquals(Duration.ofSeconds(2), vi.advertInterval());
        assertEquals(Family.INET6, vi.family(), "family follows the first address");
        assertEquals(Duration.ofSeconds(7), vi.garp().masterDelay(), "garp inherited from global_defs");
        assertNull(vi.accept());
        assertEquals("eth3", vi.virtualAddresses().get(0).device());
    }

    @Test
    void keepalivedsInstanceCorrectionsAreWarnings() throws ConfigException {
        KeepalivedConfigLoader.Result r = load("""
                vrrp_instance V6 {
                    interface eth0
                    virtual_router_id 1
                    nopreempt
                    priority 255
                    authentication {
                        auth_type PASS
                        auth_pass secret
                    }
                    virtual_ipaddress {
                        fe80::1/64
                    }
                }
                vrrp_instance V4 {
                    interface eth0
                    virtual_router_id 2
                }
                """);
        VrrpInstance v6 = r.config().vrrpInstances().get("V6");
        assertEquals(3, v6.version(), "IPv6 defaults to VRRP version 3");
        assertEquals(VrrpState.MASTER, v6.initialState(), "priority 255 without state starts as MASTER");
        assertFalse(v6.nopreempt());
        assertNull(v6.authentication());
        VrrpInstance v4 = r.config().vrrpInstances().get("V4");
        assertEquals(2, v4.version());
        assertEquals(100, v4.priority());
        assertEquals(VrrpState.BACKUP, v4.initialState());
        assertEquals(
                List.of(
                        "t.conf:4:5: warning: vrrp_instance V6: nopreempt is incompatible with priority 255, ignored",
                        "t.conf:6:5: warning: vrrp_instance V6: VRRP version 3 does not support authentication,"
                                + " authentication ignored",
                        "t.conf:14:1: warning: vrrp_instance V4: no virtual_ipaddress given; at least one is sensible"),
                r.warnings().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void vridSpacesFollowKeepalived() throws ConfigException {
        String unicast = """
                vrrp_instance %s {
                    interface eth0
                    virtual_router_id 9
                    unicast_peer {
                        %s
                    }
                    virtual_ipaddress {
                        192.0.2.%d
                    }
                }
                """;
        String multicast = """
                vrrp_instance %s {
                    interface eth0
                    virtual_router_id 9
                    mcast_dst_ip %s
                    virtual_ipaddress {
                        192.0.2.%d
                    }
                }
                """;
        KeepalivedConfig c = load(unicast.formatted("U1", "192.0.2.101", 1)
                        + unicast.formatted("U2", "192.0.2.102", 2)
                        + multicast.formatted("M1", "224.0.0.18", 3)
                        + multicast.formatted("M2", "224.0.0.19", 4))
                .config();
        assertEquals(4, c.vrrpInstances().size(), "unicast with other peers, multicast to other groups: no conflict");
    }

    @Test
    void oldSpellingsKeepalivedTakesSilentlyBindSilently() throws ConfigException {
        KeepalivedConfigLoader.Result r = load(VS.replace("protocol TCP", "protocol TCP\n    lb_kind DR"));
        VirtualServer vs = r.config().virtualServers().get("192.0.2.10:80/tcp");
        assertEquals("rr", vs.scheduler(), "lb_algo is lvs_sched");
        assertEquals(ForwardingMethod.Kind.DR, vs.method().kind(), "lb_kind is lvs_method");
        assertEquals(
                List.of(), r.warnings().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void deprecatedAliasesWarnAndBindToTheNewKeyword() throws ConfigException {
        KeepalivedConfigLoader.Result r = load("vrrp_track_file f {\n    file /tmp/x\n}\n");
        assertEquals("/tmp/x", r.config().trackFiles().get("f").file());
        assertEquals(
                List.of("t.conf:1:1: warning: vrrp_track_file is deprecated, use track_file"),
                r.warnings().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void unknownKeywordsAreWarningsWithTheirLocation() throws ConfigException {
        KeepalivedConfigLoader.Result r = load("""
                global_defs {
                    router_id x
                    frobnicate yes
                }
                """);
        assertEquals("x", r.config().globalDefs().routerId());
        assertEquals(
                List.of("t.conf:3:5: warning: global_defs: unknown keyword frobnicate"),
                r.warnings().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void checkerWithoutAnInstalledFactoryIsAnError() {
        KeepalivedConfigLoader loader =
                new KeepalivedConfigLoader(new ConfigReader.Options("n", k -> null), CheckerRegistry.none());
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(VS, "t.conf", Path.of(".")));
        assertEquals(
                List.of("t.conf:5:9: virtual_server 192.0.2.10 80: real_server 10.0.0.2:80: "
                        + "no installed checker provides TCP_CHECK"),
                e.problems().stream()
                        .filter(ConfigProblem::isError)
                        .map(ConfigProblem::toString)
                        .toList());
    }

    @Test
    void aRegisteredFactoryBringsItsOwnKeyword() throws ConfigException {
        String text = VS.replace("TCP_CHECK", "NEW_CHECK");
        KeepalivedConfigLoader plain = Samples.loader();
        assertTrue(plain.load(text, "t.conf", Path.of(".")).warnings().stream()
                .anyMatch(w -> w.message().endsWith("unknown keyword NEW_CHECK")));
        var custom = new org.keepalivedj.api.check.HealthCheckerFactory() {
            @Override
            public java.util.Set<String> keywords() {
                return java.util.Set.of("NEW_CHECK");
            }

            @Override
            public org.keepalivedj.api.check.CheckerSpec bind(
                    org.keepalivedj.api.config.ConfigNode block, org.keepalivedj.api.check.ProblemSink sink) {
                BlockReader r = BlockReader.of(block, KeywordTable.standard().section("TCP_CHECK"), sink);
                return new org.keepalivedj.config.checkers.SimpleCheckSpec(
                        "NEW_CHECK",
                        org.keepalivedj.api.model.Origin.at(block.location()),
                        org.keepalivedj.config.checkers.BuiltinCheckers.common(r));
            }

            @Override
            public org.keepalivedj.api.check.HealthChecker create(
                    org.keepalivedj.api.check.CheckerSpec spec, org.keepalivedj.api.check.CheckTarget target) {
                throw new UnsupportedOperationException();
            }
        };
        KeepalivedConfigLoader withCustom = new KeepalivedConfigLoader(
                new ConfigReader.Options("n", k -> null), CheckerRegistry.of(List.of(custom)));
        RealServer rs = withCustom
                .load(text, "t.conf", Path.of("."))
                .config()
                .virtualServers()
                .get("192.0.2.10:80/tcp")
                .realServers()
                .get("10.0.0.2:80");
        assertEquals("NEW_CHECK", rs.checkers().get(0).kind());
        assertEquals(
                Duration.ofSeconds(3),
                rs.checkers().get(0).spec().settings().timing().connectTimeout());
    }

    @Test
    void checkerBlocksAreBoundByTheBuiltins() throws ConfigException {
        KeepalivedConfig c = load("""
                virtual_server 192.0.2.10 443 {
                    protocol TCP
                    lvs_method TUN type gue port 6080
                    real_server 10.0.0.2 443 {
                        SSL_GET {
                            url {
                                path /health
                                status_code 200-299
                            }
                            connect_port 8443
                        }
                    }
                }
                """).config();
        VirtualServer vs = c.virtualServers().get("192.0.2.10:443/tcp");
        assertEquals(
                new ForwardingMethod(ForwardingMethod.Kind.TUN, List.of("type", "gue", "port", "6080")), vs.method());
        HttpCheckSpec spec = assertInstanceOf(
                HttpCheckSpec.class,
                vs.realServers().get("10.0.0.2:443").checkers().get(0).spec());
        assertEquals("SSL_GET", spec.kind());
        assertEquals(8443, spec.settings().connectPort());
        assertEquals("/health", spec.urls().get(0).path());
        assertEquals(List.of("200-299"), spec.urls().get(0).statusCodes());
    }

    /**
     * keepalived 2.2.7 takes this file (-t exits 0) but reads only path /a from the line: its
     * checker then wants 200-299, not 200 (observed with its config dump, -d, in the
     * user-mode-linux lab). keepalived-j refuses the line at the keyword that would be lost.
     */
    @Test
    void aUrlBlockOnOneLineIsRefusedAtTheKeywordItWouldSwallow() {
        for (String checker : List.of("HTTP_GET", "SSL_GET")) {
            ConfigException e = assertThrows(ConfigException.class, () -> load("""
                    virtual_server 192.0.2.10 80 {
                        protocol TCP
                        real_server 10.0.0.2 80 {
                            %s {
                                url { path /a status_code 200 }
                                url {
                                    path /b
                                    regex "status_code"
                                }
                            }
                        }
                    }
                    """.formatted(checker)));
            List<String> errors = e.problems().stream()
                    .filter(ConfigProblem::isError)
                    .map(ConfigProblem::toString)
                    .toList();
            assertEquals(1, errors.size(), String.join("\n", errors));
            assertTrue(
                    errors.get(0).startsWith("t.conf:5:27: ")
                            && errors.get(0)
                                    .contains("status_code is a url keyword on the line of path: a url block"
                                            + " takes one keyword per line"),
                    errors.get(0));
        }
    }

    @Test
    void equalityIgnoresWhereThingsWereWritten() throws ConfigException {
        String a = """
                vrrp_script s {
                    script /bin/true
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                }
                """;
        String moved = "\n\n\n\n\n! moved down\n" + a.replace("vrrp_script s {\n    script /bin/true\n}\n", "")
                + "vrrp_script s {\n        script   /bin/true\n}\n";
        KeepalivedConfig first = load(a).config();
        KeepalivedConfig second = load(moved).config();
        assertEquals(first, second);
        assertEquals(first.hashCode(), second.hashCode());
        assertNotEquals(
                first.vrrpInstances().get("VI_1").origin().location(),
                second.vrrpInstances().get("VI_1").origin().location(),
                "origins still tell where");
    }
}
