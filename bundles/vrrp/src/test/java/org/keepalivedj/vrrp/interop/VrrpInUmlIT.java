package org.keepalivedj.vrrp.interop;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.testsupport.uml.UmlGuest;

/**
 * Runs the VRRP tests that need the ipvlan and vrf modules, which this host's kernel lacks, inside
 * the user-mode-linux guest of the ipvs bundle (src/test/uml/run-in-uml.sh), and fails unless every
 * one of them ran and passed there. Skips when this machine cannot boot the guest.
 */
class VrrpInUmlIT {

    static final List<Class<?>> KERNEL_TESTS = List.of(IpvlanInteropTest.class, VrfInteropTest.class);

    @Test
    void vrrpKernelTestsPassInsideUserModeLinux() throws Exception {
        UmlGuest.assumeBootable("/usr/sbin/keepalived");
        // the JVM in the guest is slow, and slower still while the host is busy
        UmlGuest.runTests("VRRP kernel", UmlGuest.workDir("uml"), 540, KERNEL_TESTS);
    }
}
