package org.keepalivedj.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which interfaces this host has, for the load-time warning about a dev that does not exist. Reads
 * /sys/class/net (the network namespace sysfs was mounted in, which is this process's under
 * "ip netns exec"); one stat per name, no caching, since links come and go.
 */
interface HostLinks {
    HostLinks SYSFS = name -> Files.exists(Path.of("/sys/class/net", name));

    boolean exists(String name);
}
