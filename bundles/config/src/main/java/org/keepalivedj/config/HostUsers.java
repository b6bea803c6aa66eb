package org.keepalivedj.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * Whether this host knows a user (and group) a script is to run as. The system's user database
 * (getpwnam/getgrnam through the JDK, so NSS sources count too); tests give another host's.
 */
interface HostUsers {
    HostUsers SYSTEM = (user, group) -> {
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            users.lookupPrincipalByName(user);
            if (group != null) {
                users.lookupPrincipalByGroupName(group);
            }
            return true;
        } catch (IOException notFound) {
            return false;
        }
    };

    /** The user keepalived runs scripts as when script_user is not set, if this host has it (else root). */
    String DEFAULT_SCRIPT_USER = "keepalived_script";

    /** group: null for the user's own. */
    boolean exists(String user, String group);
}
