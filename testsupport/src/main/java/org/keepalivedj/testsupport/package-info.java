/**
 * Test support for code that needs network namespaces.
 *
 * <ul>
 *   <li>{@link org.keepalivedj.testsupport.RequiresRoot}: skip (with the reason) unless root with {@code ip}.</li>
 *   <li>{@link org.keepalivedj.testsupport.NetLabExtension}: inject a fresh
 *       {@link org.keepalivedj.testsupport.NetLab} per test and remove all it made afterwards, pass or fail;
 *       sweep namespaces left by crashed runs ({@link org.keepalivedj.testsupport.NetnsSweeper}).</li>
 *   <li>{@link org.keepalivedj.testsupport.NetLab#node}: a namespace with {@code eth0} plugged into a bridge
 *       that lives in its own namespace (a switch); {@link org.keepalivedj.testsupport.NetLab#vethPair} for
 *       direct links.</li>
 *   <li>{@link org.keepalivedj.testsupport.Netns#exec} runs a command inside ({@code ip netns exec});
 *       {@link org.keepalivedj.testsupport.Netns#call} runs Java code on the namespace's own thread
 *       (setns(2)), so sockets opened there stay in that namespace;
 *       {@link org.keepalivedj.testsupport.Netns#start} starts a process that is killed on close.</li>
 *   <li>{@link org.keepalivedj.testsupport.KeepalivedPeer}: Debian's keepalived 2.2.7 in a namespace, its
 *       config, log and pid files in one directory, stopped (SIGTERM) or killed (SIGKILL) with its children;
 *       {@link org.keepalivedj.testsupport.Nginx}: a real nginx from one directory, for the checkers.</li>
 *   <li>{@link org.keepalivedj.testsupport.OsThread}: a thread of this JVM as the kernel sees it, its
 *       voluntary context switches counting an idle thread's wake-ups.</li>
 *   <li>{@link org.keepalivedj.testsupport.uml.UmlGuest}: runs a command, or test classes, inside the
 *       user-mode-linux guest, for what this host's kernel lacks (IPVS, ipvlan, vrf).</li>
 * </ul>
 *
 * <pre>{@code
 * @RequiresRoot
 * @ExtendWith(NetLabExtension.class)
 * class FailoverTest {
 *     @Test void backupTakesOver(NetLab lab) throws Exception {
 *         Netns a = lab.node("a", "10.9.0.1/24");
 *         Netns b = lab.node("b", "10.9.0.2/24");
 *         DatagramSocket s = a.call(() -> new DatagramSocket(0));   // lives in a
 *         b.execOrThrow("ip", "-j", "addr");
 *     }
 * }
 * }</pre>
 */
package org.keepalivedj.testsupport;
