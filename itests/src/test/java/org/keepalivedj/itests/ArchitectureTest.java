package org.keepalivedj.itests;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The rules of docs/architecture.md, checked on the classes and bundles this build made
 * (bundles/*&#47;target): api depends on nothing of ours and has no listener registration calls
 * (listeners are whiteboard services), native calls live in the netlink bundle
 * (and nft's libnftables binding), no bundle exports an internal package, no package is declared in
 * two modules, no two main classes share a name, and every IP address the product writes goes through {@code IpAddresses.format} (RFC
 * 5952 text for IPv6).
 */
class ArchitectureTest {
    private static final Path BUNDLES = Path.of("..", "bundles");
    private static final String FORMATTER = "org.keepalivedj.api.model.IpAddresses";
    /** module folder, then the package folders of a source file under src/(main|test)/java. */
    private static final Pattern SOURCE_FILE = Pattern.compile("(.+?)/src/(?:main|test)/java/(.+)/[^/]+\\.java");

    private static JavaClasses classes;
    private static List<Path> folders;

    @BeforeAll
    static void importTheBundles() throws IOException {
        folders = new ArrayList<>();
        try (Stream<Path> s = Files.list(BUNDLES)) {
            s.map(b -> b.resolve("target/classes")).filter(Files::isDirectory).forEach(folders::add);
        }
        assertTrue(folders.size() > 20, "compiled bundles under " + BUNDLES.toAbsolutePath() + ": " + folders);
        classes = new ClassFileImporter().importPaths(folders);
    }

    @Test
    void apiDependsOnNothingOfOurs() {
        noClasses()
                .that()
                .resideInAPackage("org.keepalivedj.api..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("org.keepalivedj..").and(not(resideInAPackage("org.keepalivedj.api.."))))
                .because("api is the model, views and SPIs every bundle shares")
                .check(classes);
    }

    @Test
    void listenersAreServicesNotRegistrationCalls() {
        noMethods()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage("org.keepalivedj.api..")
                .should()
                .haveNameMatching("(add|remove)\\w*Listener")
                .because("a listener is published as an OSGi service and the runtime binds it (the whiteboard)")
                .check(classes);
    }

    @Test
    void nativeCallsOnlyInTheNetlinkBundle() {
        noClasses()
                .that()
                .resideOutsideOfPackages("org.keepalivedj.netlink..")
                .and()
                .haveNameNotMatching("org\\.keepalivedj\\.nft\\.internal\\.(LibNftables|NftContext)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jnr..", "com.kenai.jffi..")
                .because("every native call is the netlink bundle's, but for libnftables' own binding in nft"
                        + " (LibNftables, and NftContext that holds its context)")
                .check(classes);
    }

    /**
     * Java writes IPv6 as {@code fe80:0:0:0:0:ff:fe00:1} (getHostAddress) or {@code /fe80:...}
     * (toString); keepalived, ip and nft write {@code fe80::ff:fe00:1}. One formatter writes them all.
     */
    @Test
    void onlyIpAddressesWritesAnAddress() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(FORMATTER)
                .should()
                .callMethod(InetAddress.class, "getHostAddress")
                .orShould()
                .callMethod(Inet4Address.class, "getHostAddress")
                .orShould()
                .callMethod(Inet6Address.class, "getHostAddress")
                .orShould()
                .callMethod(InetAddress.class, "toString")
                .orShould()
                .callMethod(Inet4Address.class, "toString")
                .orShould()
                .callMethod(Inet6Address.class, "toString")
                .because(
                        "IpAddresses.format writes RFC 5952 text, the same in logs, MBeans, console, metrics and dumps")
                .check(classes);
    }

    /**
     * {@code "to " + address}: javac (17.0.x with JDK-8273914) turns each object operand of a
     * string concatenation into {@code String.valueOf(Object)} first, so an address shows as a
     * {@code valueOf} (or {@code StringBuilder.append(Object)}, {@code Objects.toString}) whose
     * argument was just produced as an address: a call or field of an address type, a cast to one,
     * or a local variable declared as one. The same for the last argument of an SLF4J log call.
     * ArchUnit does not see operand types; ASM does.
     */
    @Test
    void noStringOfAnAddress() throws IOException {
        List<String> found = new ArrayList<>();
        int stringified = 0;
        for (Path folder : folders) {
            try (Stream<Path> s = Files.walk(folder)) {
                for (Path file : s.filter(p -> p.toString().endsWith(".class")).toList()) {
                    List<String> sites = new ArrayList<>();
                    stringified += addressesMadeStrings(Files.readAllBytes(file), sites);
                    sites.forEach(
                            site -> found.add(folder.getParent().getParent().getFileName() + ": " + site));
                }
            }
        }
        assertTrue(stringified > 100, "objects made strings: " + stringified);
        assertEquals(List.of(), found, "write IpAddresses.format(address), not the address");
    }

    /** The check finds the concatenation of an address in a class of this test. */
    @Test
    void theStringCheckSeesAnAddress() throws IOException {
        Path self = Path.of(
                "target/test-classes", ConcatenatesAnAddress.class.getName().replace('.', '/') + ".class");
        List<String> sites = new ArrayList<>();
        addressesMadeStrings(Files.readAllBytes(self), sites);
        assertEquals(
                List.of("org.keepalivedj.itests.ArchitectureTest$ConcatenatesAnAddress.toString line 0"),
                sites.stream().map(x -> x.replaceAll("line \\d+", "line 0")).toList());
    }

    private static final class ConcatenatesAnAddress {
        private final InetAddress address = InetAddress.getLoopbackAddress();

        @Override
        public String toString() {
            return "what not to do: " + address + ":" + hashCode();
        }
    }

    private static final Pattern ADDRESS = Pattern.compile("Ljava/net/(Inet[46]?Address|InetSocketAddress);");

    /** Adds "class.method line N" for each address made a string; returns how many objects were. */
    static int addressesMadeStrings(byte[] classFile, List<String> sites) {
        ClassNode c = new ClassNode();
        new ClassReader(classFile).accept(c, 0);
        int stringified = 0;
        for (MethodNode m : c.methods) {
            int line = 0;
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof LineNumberNode l) {
                    line = l.line;
                }
                if (!(insn instanceof MethodInsnNode call) || !makesAString(call)) {
                    continue;
                }
                stringified++;
                AbstractInsnNode before = insn.getPrevious();
                while (before != null && before.getOpcode() < 0) {
                    before = before.getPrevious(); // labels, line numbers, frames
                }
                if (before != null && producesAnAddress(m, before)) {
                    sites.add(c.name.replace('/', '.') + "." + m.name + " line " + line);
                }
            }
        }
        return stringified;
    }

    private static boolean makesAString(MethodInsnNode call) {
        return call.owner.equals("java/lang/String")
                        && call.name.equals("valueOf")
                        && call.desc.startsWith("(Ljava/lang/Object;)")
                || call.owner.equals("java/lang/StringBuilder")
                        && call.name.equals("append")
                        && call.desc.startsWith("(Ljava/lang/Object;)")
                || call.owner.equals("java/util/Objects") && call.name.equals("toString")
                // a log line's last argument (the ones before it are not next to the call)
                || call.owner.equals("org/slf4j/Logger") && call.desc.endsWith("Ljava/lang/Object;)V");
    }

    private static boolean producesAnAddress(MethodNode m, AbstractInsnNode insn) {
        if (insn instanceof MethodInsnNode call) {
            return ADDRESS.matcher(call.desc.substring(call.desc.indexOf(')') + 1))
                    .matches();
        }
        if (insn instanceof FieldInsnNode field) {
            return ADDRESS.matcher(field.desc).matches();
        }
        if (insn instanceof TypeInsnNode cast && insn.getOpcode() == Opcodes.CHECKCAST) {
            return ADDRESS.matcher("L" + cast.desc + ";").matches();
        }
        if (insn instanceof VarInsnNode load && insn.getOpcode() == Opcodes.ALOAD && m.localVariables != null) {
            int at = m.instructions.indexOf(insn);
            for (LocalVariableNode v : m.localVariables) {
                if (v.index == load.var
                        && m.instructions.indexOf(v.start) <= at
                        && at < m.instructions.indexOf(v.end)
                        && ADDRESS.matcher(v.desc).matches()) {
                    return true;
                }
            }
        }
        return false;
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

    /**
     * A package belongs to one module: a test or a benchmark that declares classes in another
     * module's package to reach its package-private code is a split package (and reaches code that
     * is not meant to be reached); it uses the module's public API or an embedding API instead.
     */
    @Test
    void noPackageIsDeclaredInTwoModules() throws IOException {
        Path root = Path.of("..");
        java.util.Map<String, java.util.Set<String>> modulesByPackage = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().endsWith(".java"))
                    .map(root::relativize)
                    .map(Path::toString)
                    .filter(p -> !p.contains("/target/") && !p.startsWith("."))
                    .forEach(p -> {
                        java.util.regex.Matcher m = SOURCE_FILE.matcher(p);
                        if (m.matches()) {
                            modulesByPackage
                                    .computeIfAbsent(m.group(2).replace('/', '.'), k -> new java.util.TreeSet<>())
                                    .add(m.group(1));
                        }
                    });
        }
        assertTrue(modulesByPackage.size() > 50, "Java packages found under " + root.toAbsolutePath());
        assertEquals(java.util.Map.of(), inMoreThanOne(modulesByPackage), "packages declared in more than one module");
    }

    /** A class name says which bundle's thing it is: no two classes of the bundles' main code share a simple name. */
    @Test
    void noTwoProductionClassesShareAName() throws IOException {
        java.util.Map<String, java.util.Set<String>> pathsByName = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(BUNDLES)) {
            s.map(BUNDLES::relativize)
                    .map(Path::toString)
                    .filter(p -> p.contains("/src/main/java/") && p.endsWith(".java"))
                    .filter(p -> !p.endsWith("/package-info.java"))
                    .forEach(p -> pathsByName
                            .computeIfAbsent(p.substring(p.lastIndexOf('/') + 1), k -> new java.util.TreeSet<>())
                            .add(p));
        }
        assertTrue(pathsByName.size() > 200, "main classes found under " + BUNDLES.toAbsolutePath());
        assertEquals(java.util.Map.of(), inMoreThanOne(pathsByName), "class names used by more than one main class");
    }

    /** The entries found in more than one place. */
    private static java.util.Map<String, java.util.Set<String>> inMoreThanOne(
            java.util.Map<String, java.util.Set<String>> placesByName) {
        java.util.Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        placesByName.forEach((name, places) -> {
            if (places.size() > 1) {
                out.put(name, places);
            }
        });
        return out;
    }

    private static Path jarOf(Path bundle) throws IOException {
        Path target = bundle.resolve("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().startsWith("keepalivedj-")
                            && p.toString().endsWith(".jar")
                            && !p.toString().endsWith("-sources.jar")
                            && !p.toString().endsWith("-tests.jar"))
                    .findFirst()
                    .orElse(null);
        }
    }
}
