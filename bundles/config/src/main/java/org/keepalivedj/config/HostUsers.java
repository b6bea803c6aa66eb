package org.keepalivedj.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalLookupService;

/** Whether this host knows a user (and group) a script is to run as: the system's user database (getpwnam). */
final class HostUsers {
    private HostUsers() {
    }

    static boolean exists(String user, String group) {
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
    }
}
