package org.keepalivedj.itests;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md, checked on the classes and bundles this build made
 * (bundles/*&#47;target): api depends on nothing of ours, native calls live in the netlink bundle
 * (and nft's libnftables binding), and no bundle exports an internal package.
 */
class ArchitectureTest {
    private static final Path BUNDLES = Path.of("..", "bundles");
    private static JavaClasses classes;

    @BeforeAll
    static void importTheBundles() throws IOException {
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> s = Files.list(BUNDLES)) {
            s.map(b -> b.resolve("target/classes")).filter(Files::isDirectory).forEach(folders::add);
        }
        assertTrue(folders.size() > 20, "compiled bundles under " + BUNDLES.toAbsolutePath() + ": " + folders);
        classes = new ClassFileImporter().importPaths(folders);
    }

    @Test
    void apiDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("org.keepalivedj.api..")
                .should().dependOnClassesThat(resideInAPackage("org.keepalivedj..")
                        .and(not(resideInAPackage("org.keepalivedj.api.."))))
                .because("api is the model, views and SPIs every bundle shares")
                .check(classes);
    }

    @Test
    void nativeCallsOnlyInTheNetlinkBundle() {
        noClasses().that().resideOutsideOfPackages("org.keepalivedj.netlink..", "org.keepalivedj.nft..")
                .should().dependOnClassesThat().resideInAnyPackage("jnr..", "com.kenai.jffi..")
                .because("every native call is the netlink bundle's (nft binds libnftables itself)")
                .check(classes);
    }

    @Test
    void noBundleExportsAnInternalPackage() throws IOException {
        List<String> exported = new ArrayList<>();
        int bundles = 0;
        try (Stream<Path> s = Files.list(BUNDLES)) {
            for (Path bundle : s.toList()) {
                Path jar = jarOf(bundle);
                if (jar == null) {
                    continue;
                }
                bundles++;
                try (JarFile j = new JarFile(jar.toFile())) {
                    String exports = j.getManifest().getMainAttributes().getValue("Export-Package");
                    if (exports != null && exports.contains(".internal")) {
                        exported.add(jar.getFileName() + ": " + exports);
                    }
                }
            }
        }
        assertTrue(bundles > 20, "bundle jars under " + BUNDLES.toAbsolutePath());
        assertEquals(List.of(), exported);
    }

    private static Path jarOf(Path bundle) throws IOException {
        Path target = bundle.resolve("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().startsWith("keepalivedj-") && p.toString().endsWith(".jar")
                    && !p.toString().endsWith("-sources.jar") && !p.toString().endsWith("-tests.jar")).findFirst().orElse(null);
        }
    }
}
