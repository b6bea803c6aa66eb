package org.keepalivedj.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The distribution unpacked by the build (target/dist), as an operator has it. */
public final class Distribution {
    private Distribution() {}

    public static Path home() {
        Path home = Path.of(System.getProperty("itest.dist.dir", "target/dist/keepalived-j"));
        if (!Files.isExecutable(home.resolve("bin/keepalived"))) {
            throw new IllegalStateException("no unpacked distribution at " + home + " (run through mvn verify)");
        }
        setTestLogins(home.resolve("etc/users.properties"));
        return home;
    }

    /** The logins the tests use, NAME = NAME; the users file an operator writes before the first start. */
    static final String TEST_LOGINS = "admin = admin, _g_:admingroup\n"
            + "operator = operator, _g_:operatorgroup\n"
            + "viewer = viewer, _g_:viewergroup\n";

    /**
     * The distribution has no default passwords (its first start generates random ones): the
     * tests set their own before that, as docs/security.md tells an operator to.
     */
    private static synchronized void setTestLogins(Path users) {
        try {
            String text = Files.readString(users);
            if (!text.contains("\nviewer = ")) {
                Files.writeString(users, text + TEST_LOGINS);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot set the test logins in " + users, e);
        }
    }

    public static Path launcher() {
        return home().resolve("bin/keepalived");
    }

    /** Runs bin/keepalived with these arguments to completion; returns exit code and output. */
    static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/keepalived " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    record Result(int exitCode, String output) {}
}
