package org.keepalivedj.ipvs.kernel;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.testsupport.uml.UmlGuest;

/**
 * Runs the IPVS kernel tests inside user-mode-linux (a real kernel with IPVS, which this host's
 * kernel lacks; src/test/uml/run-in-uml.sh) and fails unless every one of them ran and passed
 * there. Skips when this machine cannot boot the guest.
 */
class IpvsInUmlIT {

    static final List<Class<?>> KERNEL_TESTS =
            List.of(IpvsPlaneKernelTest.class, IpvsNatTrafficKernelTest.class, IpvsEndToEndKernelTest.class);

    @Test
    void ipvsKernelTestsPassInsideUserModeLinux() throws Exception {
        UmlGuest.assumeBootable("/usr/sbin/ipvsadm");
        // a busy 2-core CI machine takes about 4 minutes
        UmlGuest.runTests("IPVS kernel", UmlGuest.workDir("uml"), 600, KERNEL_TESTS);
    }
}
