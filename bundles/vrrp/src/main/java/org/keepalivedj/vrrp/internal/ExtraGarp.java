package org.keepalivedj.vrrp.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.keepalivedj.api.model.Settings;

/**
 * garp_extra_if [all] SECONDS (default global_defs' vrrp_garp_extra_if; deprecated spelling
 * vmac_garp_intvl): while MASTER, a gratuitous ARP / NA every SECONDS for the addresses on an
 * interface other than the instance's own, so switches keep that interface's MAC; without "all"
 * only on the instance's VMAC. Observed with keepalived 2.2.7: `garp_extra_if all 2` repeats the
 * ARP of a VIP on a second interface every 2 s, `garp_extra_if 2` without a VMAC sends none.
 *
 * @param interval how often; zero: off
 * @param all      every interface the instance puts addresses on, not only its VMAC
 */
record ExtraGarp(Duration interval, boolean all) {
    static final ExtraGarp OFF = new ExtraGarp(Duration.ZERO, false);

    static ExtraGarp of(Settings own, Settings global) {
        String value = own == null ? null : own.get("garp_extra_if");
        if (value == null && global != null) {
            value = global.get("vrrp_garp_extra_if");
        }
        return parse(value);
    }

    /** "[all] SECONDS"; what does not parse is off (the loader reports it). */
    static ExtraGarp parse(String value) {
        if (value == null || value.isBlank()) {
            return OFF;
        }
        List<String> words = List.of(value.strip().split("\\s+"));
        boolean all = words.get(0).toLowerCase(Locale.ROOT).equals("all");
        String seconds = all ? (words.size() > 1 ? words.get(1) : "") : words.get(0);
        try {
            int s = Integer.parseInt(seconds);
            return s <= 0 || s > 86400 ? OFF : new ExtraGarp(Duration.ofSeconds(s), all);
        } catch (NumberFormatException e) {
            return OFF;
        }
    }

    boolean on() {
        return !interval.isZero();
    }
}
