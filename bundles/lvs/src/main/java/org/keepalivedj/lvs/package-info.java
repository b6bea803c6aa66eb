/**
 * Virtual servers and their health checks: the engine behind keepalived's checker process.
 *
 * <p>keepalived's keywords keep their meaning. Keywords beyond keepalived, all off by default, in a
 * {@code virtual_server} (for all its real servers) or a {@code real_server} block:
 * <ul>
 *   <li>{@code rise N}: a checker that is down must succeed N times in a row to count as up (default 1);</li>
 *   <li>{@code fall N}: a checker that is up must fail N rounds in a row (each round after its
 *       {@code retry} retries) to count as down (default 1);</li>
 *   <li>{@code slow_start SECS}: after a recovery the weight ramps from 0 to its value over SECS
 *       (default 0: at once).</li>
 * </ul>
 * Administrative states ({@link org.keepalivedj.api.lvs.AdminState}: drain, maint, enabled) are set
 * at run time through {@link org.keepalivedj.api.lvs.RealServerView} and survive a reload while the
 * real server stays in the config.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.keepalivedj.lvs;
