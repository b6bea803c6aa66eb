package org.keepalivedj.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;

/**
 * Pax Exam options that boot the keepalived-j distribution built by this reactor: its archive as a
 * file (never a copy from a Maven repository), with Pax Exam's own container-side bundles from the
 * repository the itests build fills (target/exam-repository).
 */
final class DistributionOptions {
    private DistributionOptions() {}

    /** The distribution archive this reactor built (set by the itests pom). */
    static final String ARCHIVE_PROPERTY = "itest.dist.archive";
    /** The same build's assembly folder, karaf-assembly/target/assembly; given to the container. */
    static final String BUILT_ASSEMBLY_PROPERTY = "itest.dist.built";
    /** Pax Exam's features and bundles, fetched by the build (karaf:features-add-to-repository). */
    static final String EXAM_REPOSITORY_PROPERTY = "itest.exam.repository";
    /** The example REDIS_CHECK bundle this reactor built; given to the container. */
    static final String EXAMPLE_CHECKER_PROPERTY = "itest.example.checker";

    /** The container's HTTP port, as a system property inside the container (tests run there). */
    static final String HTTP_PORT_PROPERTY = "itest.http.port";

    /** Ports are chosen free at configuration time so a running instance on this host is no obstacle. */
    private static final int HTTP_PORT = freePort();

    private static final int SSH_PORT = freePort();
    private static final int RMI_REGISTRY_PORT = freePort();
    private static final int RMI_SERVER_PORT = freePort();

    /** Inside the container: the HTTP port it was configured with. */
    static int httpPort() {
        return Integer.getInteger(HTTP_PORT_PROPERTY);
    }

    /** What the container needs before it can start, said plainly when it is missing. */
    static Optional<String> missingPreconditions() {
        String archive = System.getProperty(ARCHIVE_PROPERTY);
        if (archive == null) {
            return Optional.of(ARCHIVE_PROPERTY + " is not set: run the itests through Maven (mvn -B verify)");
        }
        if (!new File(archive).isFile()) {
            return Optional.of("no distribution archive at " + archive + ": build karaf-assembly in the same reactor");
        }
        String repository = System.getProperty(EXAM_REPOSITORY_PROPERTY, "");
        if (!new File(repository, "org/ops4j/pax/exam/pax-exam-features").isDirectory()) {
            return Optional.of("Pax Exam's features are not in " + repository
                    + " (the itests pom's features-add-to-repository execution fills it)");
        }
        return Optional.empty();
    }

    static Option[] base(Option... extra) {
        String examRepository =
                new File(System.getProperty(EXAM_REPOSITORY_PROPERTY)).toURI().toString();
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(System.getProperty(ARCHIVE_PROPERTY))
                                .toURI()
                                .toString())
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevelOption.LogLevel.WARN),
                // The distribution's own repositories, then Pax Exam's: nothing from ~/.m2.
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.defaultRepositories",
                        "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                                + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots,"
                                + examRepository + "@id=exam.repository"),
                systemProperty(BUILT_ASSEMBLY_PROPERTY).value(System.getProperty(BUILT_ASSEMBLY_PROPERTY, "")),
                systemProperty(EXAMPLE_CHECKER_PROPERTY).value(System.getProperty(EXAMPLE_CHECKER_PROPERTY, "")),
                systemProperty(HTTP_PORT_PROPERTY).value(Integer.toString(HTTP_PORT)),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(HTTP_PORT)),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(SSH_PORT)),
                // No default passwords in the distribution: the tests' own logins (NAME = NAME).
                editConfigurationFilePut("etc/users.properties", "admin", "admin, _g_:admingroup"),
                editConfigurationFilePut("etc/users.properties", "operator", "operator, _g_:operatorgroup"),
                editConfigurationFilePut("etc/users.properties", "viewer", "viewer, _g_:viewergroup"),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(RMI_REGISTRY_PORT)),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(RMI_SERVER_PORT)),
                // Pax Exam does not pass bin/karaf's Java 9+ module flags; without them the container
                // fails with NoClassDefFoundError OsgiLocator.
                vmOptions(
                        "--add-reads=java.xml=java.logging",
                        "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                        "--patch-module",
                        "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion() + ".jar",
                        "--patch-module",
                        "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion() + ".jar",
                        "--add-opens",
                        "java.base/java.security=ALL-UNNAMED",
                        "--add-opens",
                        "java.base/java.net=ALL-UNNAMED",
                        "--add-opens",
                        "java.base/java.lang=ALL-UNNAMED",
                        "--add-opens",
                        "java.base/java.util=ALL-UNNAMED",
                        "--add-opens",
                        "java.naming/javax.naming.spi=ALL-UNNAMED",
                        "--add-opens",
                        "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                        "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                        "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                        "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                        "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                        "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED")));
        if (Boolean.getBoolean("itest.keep")) {
            options.add(keepRuntimeFolder());
        }
        options.addAll(List.of(extra));
        return options.toArray(Option[]::new);
    }

    static String karafVersion() {
        return "4.4.10";
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on loopback", e);
        }
    }
}
