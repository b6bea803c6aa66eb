package org.keepalivedj.ipvs.kernel;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.keepalivedj.ipvs.IpvsForwardingPlane;
import org.keepalivedj.ipvs.IpvsPlanes;
import org.keepalivedj.ipvs.internal.IpvsPlane;
import org.keepalivedj.testsupport.RequiresRootCondition;

/** The check behind {@link RequiresIpvs}. */
public final class RequiresIpvsCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return missing()
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("root, and this kernel has IPVS"));
    }

    static Optional<String> missing() {
        Optional<String> root = RequiresRootCondition.missingPrerequisite();
        if (root.isPresent()) {
            return root;
        }
        try (IpvsForwardingPlane plane = IpvsPlanes.open()) {
            if (!plane.available()) {
                return Optional.of("skipped: " + ((IpvsPlane) plane).unavailableReason()
                        + ". These tests run inside user-mode-linux through IpvsInUmlIT (mvn verify with "
                        + "user-mode-linux, busybox-static and ipvsadm installed).");
            }
        }
        return Optional.empty();
    }
}
