package org.keepalivedj.api.vrrp;

/**
 * A tracked vrrp_track_process as the VRRP engine last saw it.
 *
 * @param running the matching processes counted at the last poll
 * @param up whether its quorum holds, as the instances follow it (after fork_delay / terminate_delay)
 */
public record ProcessStatus(int running, boolean up) {}
