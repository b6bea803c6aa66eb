package org.keepalivedj.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The check behind {@link RequiresRoot}. */
public final class RequiresRootCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> missing = missingPrerequisite();
        return missing.map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("running as root with ip available"));
    }

    /** Why root-only tests cannot run here, or empty when they can. */
    public static Optional<String> missingPrerequisite() {
        return missingPrerequisite(isRoot(), findOnPath("ip").isPresent());
    }

    static Optional<String> missingPrerequisite(boolean root, boolean ipInstalled) {
        if (!root) {
            return Optional.of(
                    "skipped: this test needs root (network namespaces, raw sockets, netlink); run it as root");
        }
        if (!ipInstalled) {
            return Optional.of("skipped: this test needs the 'ip' command (Debian package iproute2)");
        }
        return Optional.empty();
    }

    /** True when the effective user id is 0. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static Optional<Path> findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
