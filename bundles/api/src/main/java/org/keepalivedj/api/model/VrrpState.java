package org.keepalivedj.api.model;

/** The state an instance starts in (state keyword); keepalived starts as BACKUP unless told otherwise. */
public enum VrrpState {
    MASTER,
    BACKUP
}
