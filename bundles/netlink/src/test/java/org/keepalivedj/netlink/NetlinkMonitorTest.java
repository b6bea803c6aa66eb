package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.OsThread;
import org.keepalivedj.testsupport.RequiresRoot;

@RequiresRoot
@ExtendWith(NetLabExtension.class)
class NetlinkMonitorTest {

    record Event(Object what, boolean removed, long nanos) {}

    @Test
    void linkDownIsSeenWithin100Milliseconds(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        try (NetlinkMonitor monitor = NetlinkMonitor.open(ns.name());
                RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            monitor.addListener(new NetlinkListener() {
                @Override
                public void linkChanged(Link link, boolean removed) {
                    events.add(new Event(link, removed, System.nanoTime()));
                }
            });
            long before = System.nanoTime();
            rtnl.setUp("eth0", false);
            Event down = null;
            long deadline = before + TimeUnit.SECONDS.toNanos(2);
            while (down == null && System.nanoTime() < deadline) {
                Event e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e != null && e.what() instanceof Link l && l.name().equals("eth0") && !l.isUp()) {
                    down = e;
                }
            }
            assertNotNull(down, "no link-down event for eth0");
            long millis = TimeUnit.NANOSECONDS.toMillis(down.nanos() - before);
            assertTrue(millis < 100, "link-down event took " + millis + " ms");
            assertTrue(monitor.eventCount() > 0);
            assertEquals(0, monitor.malformedCount());
        }
    }

    @Test
    void addressRemovedBySomeoneElseIsReported(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        try (NetlinkMonitor monitor = NetlinkMonitor.open(ns.name())) {
            monitor.addListener(new NetlinkListener() {
                @Override
                public void addressChanged(IfAddress address, boolean removed) {
                    events.add(new Event(address, removed, System.nanoTime()));
                }
            });
            ns.execOrThrow("ip", "addr", "add", "10.50.0.77/24", "dev", "eth0");
            ns.execOrThrow("ip", "addr", "del", "10.50.0.77/24", "dev", "eth0");
            InetAddress vip = InetAddress.getByName("10.50.0.77");
            boolean added = false;
            boolean removed = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!(added && removed) && System.nanoTime() < deadline) {
                Event e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e != null && ((IfAddress) e.what()).address().equals(vip)) {
                    assertTrue(((IfAddress) e.what()).prefixLength() == 24);
                    if (e.removed()) {
                        removed = true;
                    } else {
                        added = true;
                    }
                }
            }
            assertTrue(added, "address-added event");
            assertTrue(removed, "address-removed event");
        }
    }

    @Test
    void anOverrunIsReportedAndTheMonitorCarriesOn(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        java.util.concurrent.CountDownLatch lost = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch firstEvent = new java.util.concurrent.CountDownLatch(1);
        BlockingQueue<Event> afterwards = new LinkedBlockingQueue<>();
        try (NetlinkMonitor monitor = NetlinkMonitor.open(ns.name(), 4096)) {
            monitor.addListener(new NetlinkListener() {
                @Override
                public void addressChanged(IfAddress address, boolean removed) {
                    if (firstEvent.getCount() > 0) {
                        firstEvent.countDown();
                        // A slow listener: the kernel keeps sending while the buffer is full.
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (lost.getCount() == 0) {
                        afterwards.add(new Event(address, removed, System.nanoTime()));
                    }
                }

                @Override
                public void eventsLost() {
                    lost.countDown();
                }
            });
            StringBuilder batch = new StringBuilder();
            for (int i = 1; i <= 300; i++) {
                batch.append("address add 10.51.")
                        .append(i / 250)
                        .append('.')
                        .append(i % 250 + 1)
                        .append("/32 dev eth0\n");
            }
            java.nio.file.Path file = java.nio.file.Files.createTempFile("kj-flood", ".batch");
            try {
                java.nio.file.Files.writeString(file, batch);
                ns.execOrThrow("ip", "-batch", file.toString());
            } finally {
                java.nio.file.Files.delete(file);
            }
            assertTrue(lost.await(3, TimeUnit.SECONDS), "eventsLost reported");
            assertTrue(monitor.overrunCount() > 0);
            // The buffer may still be full of the flood when the overrun is reported, so the
            // kernel can drop a marker added at once (a second overrun). A monitor that carries
            // on sees one of a few markers; a monitor that stopped sees none.
            boolean seen = false;
            for (int attempt = 1; attempt <= 5 && !seen; attempt++) {
                ns.execOrThrow("ip", "addr", "add", "10.52.0." + attempt + "/32", "dev", "eth0");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (!seen && System.nanoTime() < deadline) {
                    Event e = afterwards.poll(100, TimeUnit.MILLISECONDS);
                    seen = e != null
                            && ((IfAddress) e.what()).address().getHostAddress().startsWith("10.52.0.");
                }
            }
            assertTrue(seen, "events after the overrun still arrive");
        }
    }

    @Test
    void anIdleMonitorNeverWakesAndCloseEndsItAtOnce(NetLab lab) throws Exception {
        Netns ns = lab.namespace("idle"); // nothing in it changes: no event comes
        List<OsThread> others = OsThread.named("netlink-monitor");
        NetlinkMonitor monitor = NetlinkMonitor.open(ns.name());
        OsThread thread;
        long closeMillis;
        try {
            thread = await("the monitor's thread", () -> {
                List<OsThread> now = OsThread.named("netlink-monitor");
                now.removeAll(others);
                return now.size() == 1 && now.get(0).sleeping() ? now.get(0) : null;
            });
            long before = thread.voluntarySwitches();
            Thread.sleep(2000); // the idle window
            long wakeUps = thread.voluntarySwitches() - before;
            String woke = "an idle monitor woke " + wakeUps + " times in 2 s";
            System.out.println(woke);
            assertTrue(wakeUps <= 2, woke);
        } finally {
            long closing = System.nanoTime();
            monitor.close();
            closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
        }
        System.out.println("its close took " + closeMillis + " ms");
        assertTrue(closeMillis < 500, "close took " + closeMillis + " ms");
        await("the monitor's thread ended", () -> thread.ended() ? thread : null);
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    /** What the probe returns once it returns something; fails after 5 s. */
    private static <T> T await(String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (T found = probe.get(); ; found = probe.get()) {
            if (found != null) {
                return found;
            }
            assertTrue(System.nanoTime() < deadline, what + " within 5 s");
            Thread.sleep(10);
        }
    }
}
