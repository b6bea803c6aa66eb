package org.keepalivedj.bfd;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.Settings;

/**
 * A second keepalived-j BFD engine in a process of its own, so a test can kill it as a peer dies:
 * {@code BfdPeerProcess NAME NEIGHBOR}. Runs one 50 ms x 3 session, prints each state change as
 * {@code STATE NAME TO}, and runs until it is killed. RUNNING (or FAILED with the reasons) says that
 * apply returned; it comes from the main thread, so it may follow the first STATE line.
 */
public final class BfdPeerProcess {
    private BfdPeerProcess() {}

    public static void main(String[] args) throws Exception {
        BfdEngine engine = new BfdEngine(null);
        engine.addListener((session, from, to, diagnostic, at) -> {
            System.out.println("STATE " + session + " " + to);
            System.out.flush();
        });
        List<String> failed = engine.apply(List.of(session(args[0], args[1])));
        System.out.println(failed.isEmpty() ? "RUNNING" : "FAILED " + failed);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static BfdInstance session(String name, String neighbor) throws Exception {
        return new BfdInstance(
                Origin.NONE,
                name,
                InetAddress.getByName(neighbor),
                null,
                Duration.ofMillis(50),
                Duration.ofMillis(50),
                Duration.ofSeconds(1),
                3,
                false,
                255,
                255,
                0,
                false,
                0,
                false,
                Settings.EMPTY);
    }
}
