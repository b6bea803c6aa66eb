package org.keepalivedj.testsupport.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * A real OSGi framework (Felix) for tests of whiteboard registrations, started before each test and
 * stopped after it ({@code @RegisterExtension final OsgiFramework framework = new OsgiFramework();}):
 * components activated by hand with its system bundle's context register their services there, and
 * the test looks them up as the other bundles would.
 */
public final class OsgiFramework implements BeforeEachCallback, AfterEachCallback {
    private Framework framework;
    private Path storage;

    @Override
    public void beforeEach(ExtensionContext test) throws Exception {
        storage = Files.createTempDirectory("osgi-framework");
        framework = new FrameworkFactory()
                .newFramework(Map.of(
                        Constants.FRAMEWORK_STORAGE,
                        storage.toString(),
                        Constants.FRAMEWORK_STORAGE_CLEAN,
                        Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
    }

    /** The system bundle's context of the running framework. */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    @Override
    public void afterEach(ExtensionContext test) throws Exception {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } finally {
            deleteStorage();
        }
    }

    private void deleteStorage() throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
