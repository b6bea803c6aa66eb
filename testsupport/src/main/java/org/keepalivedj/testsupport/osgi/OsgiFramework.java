package org.keepalivedj.testsupport.osgi;

import java.nio.file.Path;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * A real OSGi framework (Felix) for tests of whiteboard registrations: components activated by hand
 * with its system bundle's context register their services there, and the test looks them up as
 * the other bundles would. Stopped by {@link #close}.
 */
public final class OsgiFramework implements AutoCloseable {
    private final Framework framework;

    private OsgiFramework(Framework framework) {
        this.framework = framework;
    }

    /** Starts a framework that keeps its cache in storage (a test's temporary folder). */
    public static OsgiFramework start(Path storage) throws BundleException {
        Framework framework = new FrameworkFactory()
                .newFramework(Map.of(
                        Constants.FRAMEWORK_STORAGE,
                        storage.toString(),
                        Constants.FRAMEWORK_STORAGE_CLEAN,
                        Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        return new OsgiFramework(framework);
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    @Override
    public void close() throws BundleException, InterruptedException {
        framework.stop();
        framework.waitForStop(10_000);
    }
}
