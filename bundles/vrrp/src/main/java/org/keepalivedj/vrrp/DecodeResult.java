package org.keepalivedj.vrrp;

/** The outcome of decoding: an advert, or the reason it was dropped. Exactly one is non-null. */
public record DecodeResult(VrrpAdvert advert, DropReason dropped) {

    public static DecodeResult ok(VrrpAdvert advert) {
        return new DecodeResult(advert, null);
    }

    public static DecodeResult drop(DropReason reason) {
        return new DecodeResult(null, reason);
    }

    public boolean ok() {
        return advert != null;
    }
}
