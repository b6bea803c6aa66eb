package org.keepalivedj.check.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.testsupport.uml.UmlGuest;

/**
 * Keeps {@link SamplesEndToEndTest}'s reference live: keepalived 2.2.7 runs its own samples
 * keepalived.conf.SMTP_CHECK and keepalived.conf.virtualhost in the user-mode-linux guest of
 * bundles/ipvs (a kernel with IPVS, which keepalived's checker needs and this host lacks), with
 * {@code samples-e2e/run-keepalived.sh}, and must give exactly the verdicts recorded in {@code
 * samples-e2e/keepalived-verdicts.txt}, which {@link SamplesEndToEndTest} holds keepalived-j to. So
 * in CI both are compared with what keepalived does now, on the same lab, in the same build.
 */
class KeepalivedSamplesInUmlIT {
    private static final Path SAMPLES =
            Path.of(System.getProperty("keepalived.samples", "/work/shared/conformance/keepalived-samples"));
    private static final List<String> LAB_FILES =
            List.of("run-keepalived.sh", "rewrite.txt", "sites.txt", "smtpd.conf", "keepalived-verdicts.txt");

    @Test
    void keepalivedGivesTheRecordedVerdictsOnItsOwnSamples() throws Exception {
        UmlGuest.assumeBootable(
                "/usr/sbin/ipvsadm", "/usr/sbin/keepalived", "/usr/sbin/smtpd", "/usr/sbin/nginx", "/usr/bin/openssl");
        assumeTrue(
                Files.isReadable(SAMPLES.resolve("keepalived.conf.SMTP_CHECK")), "no keepalived samples at " + SAMPLES);
        // the guest sees the host read-only with its own /tmp, and this work dir read-write: the lab's
        // files and the two samples are copied here so that any checkout location works
        Path work = UmlGuest.workDir("uml-samples");
        Path lab = work.resolve("lab");
        Path samples = work.resolve("samples");
        Files.createDirectories(lab);
        Files.createDirectories(samples);
        for (String f : LAB_FILES) {
            Files.writeString(lab.resolve(f), resource(f));
        }
        for (String f : List.of("keepalived.conf.SMTP_CHECK", "keepalived.conf.virtualhost")) {
            Files.copy(SAMPLES.resolve(f), samples.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }

        // three configs of 45 s each; a busy machine boots slowly
        UmlGuest.Run run = UmlGuest.run(
                work,
                540,
                List.of(
                        "env",
                        "SAMPLES=" + samples,
                        "bash",
                        lab.resolve("run-keepalived.sh").toString(),
                        work.resolve("run").toString()));
        String text = run.output();
        assertEquals(0, run.exitValue(), "the lab failed in the guest:\n" + text);

        List<String> keepalived = verdicts(text);
        List<String> recorded = verdicts(resource("keepalived-verdicts.txt"));
        // keepalived gives the host blocks of 127.9.0.11 and 127.9.0.12, which set no connect_timeout,
        // a 0 s timeout: whether the SMTP server on loopback answers first is a race, and keepalived's
        // own verdicts on them varied between runs (down when recorded, up in later builds, each on
        // its own); they are not compared here
        List<String> racy = List.of("SMTP_CHECK 127.9.0.11:25 ", "SMTP_CHECK 127.9.0.12:25 ");
        keepalived.removeIf(v -> racy.stream().anyMatch(v::startsWith));
        recorded.removeIf(v -> racy.stream().anyMatch(v::startsWith));
        assertTrue(recorded.size() >= 3, "the recorded verdicts are missing");
        assertEquals(recorded, keepalived, "keepalived 2.2.7's verdicts now differ from the recorded ones");
    }

    /** The CONFIG REAL_SERVER up|down lines of a text, in order. */
    private static List<String> verdicts(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.matches("\\S+ [0-9.]+:[0-9]+ (up|down)")) {
                out.add(line);
            }
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = KeepalivedSamplesInUmlIT.class.getResourceAsStream("/samples-e2e/" + name)) {
            assertTrue(in != null, "missing resource samples-e2e/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
