package org.keepalivedj.api.vrrp;

/** The states of a running VRRP instance (RFC 5798 plus keepalived's FAULT and STOP). */
public enum InstanceState {
    INIT,
    BACKUP,
    MASTER,
    FAULT,
    STOP
}
