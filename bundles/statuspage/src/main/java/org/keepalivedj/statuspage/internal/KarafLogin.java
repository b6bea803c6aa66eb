package org.keepalivedj.statuspage.internal;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * HTTP Basic credentials checked against a JAAS realm (karaf: etc/users.properties by default),
 * the same realm Jolokia uses, so one login serves both.
 */
final class KarafLogin {

    /** A logged-in user: the JAAS Subject, with its name and roles read from Karaf's principals. */
    record User(String name, Set<String> roles, Subject subject) {
        boolean hasRole(String role) {
            return roles.contains(role);
        }
    }

    private final String realm;

    KarafLogin(String realm) {
        this.realm = realm;
    }

    /** The user of an Authorization header, or null when it is missing, malformed or wrong. */
    User authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String name = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the login module through the context loader: Karaf's proxy module is on
        // the system class path (lib/boot), which a bundle or the HTTP thread's loader may not see.
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            new LoginContext(realm, subject, callbacks -> {
                        for (Callback c : callbacks) {
                            if (c instanceof NameCallback n) {
                                n.setName(name);
                            } else if (c instanceof PasswordCallback p) {
                                p.setPassword(password);
                            } else {
                                throw new UnsupportedCallbackException(c);
                            }
                        }
                    })
                    .login();
        } catch (LoginException e) {
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
        return new User(name, roles(subject), subject);
    }

    /** Karaf's RolePrincipal names (matched by class name: the class lives in Karaf's boot jar). */
    static Set<String> roles(Subject subject) {
        return subject.getPrincipals().stream()
                .filter(p -> p.getClass().getSimpleName().equals("RolePrincipal"))
                .map(Principal::getName)
                .collect(Collectors.toUnmodifiableSet());
    }
}
