package org.keepalivedj.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.keepalivedj.api.net.AddressManager;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The netlink bundle inside the distribution: jnr-ffi, jffi and its native fragment resolve in OSGi,
 * the AddressManager service is up, and an address is added and removed through netlink in a network
 * namespace this test creates (the host's interfaces are not touched).
 */
@RunWith(DistributionExam.class)
@ExamReactorStrategy(PerClass.class)
public class NetlinkIT {

    @Inject
    AddressManager containerAddressManager;

    @Configuration
    public Option[] config() {
        return DistributionOptions.base();
    }

    @Test
    public void addressManagerServiceIsActive() throws Exception {
        assertNotNull(containerAddressManager);
        // at most the default config's VIP, once its instance is MASTER
        ManagedAddress defaultVip = ManagedAddress.of("lo", InetAddress.getByName("127.0.0.100"), 32);
        assertTrue(
                "added at start: " + containerAddressManager.added(),
                containerAddressManager.added().stream().allMatch(defaultVip::sameAddress));
    }

    @Test
    public void addsAndRemovesAnAddressInANamespace() throws Exception {
        assumeTrue("needs root for network namespaces", "root".equals(System.getProperty("user.name")));
        String ns = "kj-it-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        Path data = Files.createTempDirectory("kj-netlink-it");
        run("ip", "netns", "add", ns);
        try (NetlinkAddressManager manager = NetlinkAddressManager.open(ns, data)) {
            ManagedAddress vip = ManagedAddress.of("lo", InetAddress.getByName("192.0.2.10"), 32);

            assertTrue("added by us", manager.add(vip));
            assertTrue(ip(ns).contains("\"192.0.2.10\""));
            assertFalse("idempotent", manager.add(vip));

            assertTrue("removed by us", manager.remove(vip));
            assertFalse(ip(ns).contains("\"192.0.2.10\""));
        } finally {
            run("ip", "netns", "del", ns);
            deleteTree(data);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String ip(String ns) throws Exception {
        return run("ip", "-n", ns, "-j", "addr", "show", "dev", "lo");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(String.join(" ", command) + " finished", p.waitFor(20, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(String.join(" ", command) + ": " + out, p.exitValue() == 0);
        return out;
    }
}
