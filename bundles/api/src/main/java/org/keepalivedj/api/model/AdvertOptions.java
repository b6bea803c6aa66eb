package org.keepalivedj.api.model;

/**
 * keepalived's departures from the RFC timing of one instance, resolved at load (the instance's own
 * keyword, else global_defs' vrrp_ one, else the RFC's behaviour).
 *
 * @param downTimerAdverts     down_timer_adverts: adverts in the master down interval (the RFC's 3)
 * @param higherPrioSendAdvert higher_prio_send_advert: a MASTER that hears a higher priority sends
 *                             one more advert of its own before it becomes BACKUP (never in strict mode)
 */
public record AdvertOptions(int downTimerAdverts, boolean higherPrioSendAdvert) {
    public static final AdvertOptions RFC = new AdvertOptions(3, false);

    public AdvertOptions {
        if (downTimerAdverts < 1 || downTimerAdverts > 100) {
            throw new IllegalArgumentException("down_timer_adverts out of range 1-100: " + downTimerAdverts);
        }
    }
}
