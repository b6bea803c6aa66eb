package org.keepalivedj.testsupport;

import java.nio.file.Path;

/**
 * FRR's bfdd as a real BFD peer, run inside a test namespace with every file of its own (config,
 * pid, vty and control sockets, log) in one directory, so it never meets a system FRR.
 */
public final class FrrBfdd {

    /** Where Debian's frr package installs the daemon. */
    public static final Path BFDD = Path.of("/usr/lib/frr/bfdd");

    private FrrBfdd() {}

    /**
     * Hands {@code dir} to the frr user (bfdd drops to it and must read its config and write its
     * sockets there). Call once the directory holds {@code bfdd.conf}.
     */
    public static void prepare(Path dir) throws Exception {
        Commands.run("chown", "-R", "frr:frr", dir.toString()).orThrow();
    }

    /** Starts bfdd in the namespace on {@code dir/bfdd.conf}; it is killed when the namespace closes. */
    public static Process start(Netns ns, Path dir) {
        return ns.start(
                BFDD.toString(),
                "-f",
                dir.resolve("bfdd.conf").toString(),
                "-i",
                dir.resolve("bfdd.pid").toString(),
                "--vty_socket",
                dir.toString(),
                "--bfdctl",
                dir.resolve("bfdd.sock").toString(),
                "-z",
                dir.resolve("zserv.api").toString(),
                "-P",
                "0",
                "--log",
                "file:" + dir.resolve("bfdd.log"));
    }
}
