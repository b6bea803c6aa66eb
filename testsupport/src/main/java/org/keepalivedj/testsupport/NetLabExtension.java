package org.keepalivedj.testsupport;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method a fresh {@link NetLab} parameter and closes it after the test, pass or fail.
 * Before the first test class of the JVM it sweeps leftovers of crashed runs. Use with
 * {@link RequiresRoot}:
 *
 * <pre>{@code
 * @RequiresRoot
 * @ExtendWith(NetLabExtension.class)
 * class MyTest {
 *     @Test void works(NetLab lab) { ... }
 * }
 * }</pre>
 */
public final class NetLabExtension implements BeforeAllCallback, AfterEachCallback, ParameterResolver {

    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NetLabExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (RequiresRootCondition.missingPrerequisite().isEmpty() && SWEPT.compareAndSet(false, true)) {
            List<String> removed = NetnsSweeper.sweep();
            if (!removed.isEmpty()) {
                System.err.println("NetLabExtension: removed namespaces left by crashed runs: " + removed);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NetLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(STORE).getOrComputeIfAbsent("lab", key -> NetLab.create(), NetLab.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        NetLab lab = context.getStore(STORE).remove("lab", NetLab.class);
        if (lab != null) {
            lab.close();
        }
    }
}
