package org.keepalivedj.vrrp.internal;

import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.VrrpInstance;

/**
 * keepalived's per-instance options around receiving and sending adverts, read from the instance's
 * keywords (else global_defs' vrrp_ ones) as the loader kept them.
 *
 * @param ownerIgnoreAdverts        owner_ignore_adverts on an address owner (priority 255): it drops adverts
 * @param ownerIgnoreAdvertsRefused owner_ignore_adverts asked for by an instance that is no owner (ignored)
 * @param faultWithoutPeers         unicast_fault_no_peer on an instance without unicast peers: FAULT, not multicast
 * @param trackSourceAddress        track_src_ip with a unicast_src_ip / mcast_src_ip: FAULT while it is not on the host
 * @param skipCheckAdvAddr          skip_check_adv_addr: the address list of the master heard last is not compared again
 * @param unicastTtl                unicast_ttl of a unicast instance, or -1 (the socket's 255)
 * @param rxLowerPriScript          notify_master_rx_lower_pri: run when a MASTER hears a lower priority, or null
 */
record ElectionOptions(
        boolean ownerIgnoreAdverts,
        boolean ownerIgnoreAdvertsRefused,
        boolean faultWithoutPeers,
        boolean trackSourceAddress,
        boolean skipCheckAdvAddr,
        int unicastTtl,
        String rxLowerPriScript) {

    static ElectionOptions of(VrrpInstance model, Settings global) {
        Settings own = model.settings() == null ? Settings.EMPTY : model.settings();
        Settings globals = global == null ? Settings.EMPTY : global;
        boolean ownerIgnores = either(own, "owner_ignore_adverts", globals, "vrrp_owner_ignore_adverts");
        boolean owner = model.priority() == VrrpStateMachine.OWNER;
        String ttl = own.get("unicast_ttl");
        String script =
                model.notifyScripts() == null ? null : model.notifyScripts().masterRxLowerPri();
        return new ElectionOptions(
                ownerIgnores && owner,
                ownerIgnores && !owner && Boolean.TRUE.equals(own.flag("owner_ignore_adverts")),
                Boolean.TRUE.equals(own.flag("unicast_fault_no_peer")) && !model.unicast(),
                Boolean.TRUE.equals(own.flag("track_src_ip")) && model.sourceAddress() != null,
                either(own, "skip_check_adv_addr", globals, "vrrp_skip_check_adv_addr"),
                // the loader checked the range (int 0 255)
                model.unicast() && ttl != null && !ttl.isBlank() ? Integer.parseInt(ttl.strip()) : -1,
                script == null || script.isBlank() ? null : script.strip());
    }

    /** The instance's flag, else global_defs' one, else off. */
    private static boolean either(Settings own, String keyword, Settings globals, String globalKeyword) {
        Boolean value = own.flag(keyword);
        return Boolean.TRUE.equals(value != null ? value : globals.flag(globalKeyword));
    }
}
