package org.keepalivedj.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The distribution unpacked by the build (target/dist), as an operator has it. */
public final class Distribution {
    private Distribution() {
    }

    public static Path home() {
        Path home = Path.of(System.getProperty("itest.dist.dir", "target/dist/keepalived-j"));
        if (!Files.isExecutable(home.resolve("bin/keepalived"))) {
            throw new IllegalStateException("no unpacked distribution at " + home + " (run through mvn verify)");
        }
        return home;
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

    record Result(int exitCode, String output) {
    }
}
