package org.keepalivedj.management.internal;

import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;

/** Who is calling: the JAAS user of the JMX connection or Jolokia request, for the log of live changes. */
final class Callers {
    private Callers() {}

    @SuppressWarnings("removal")
    static String current() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject == null) {
            return "local caller";
        }
        return subject.getPrincipals().stream()
                .filter(p -> p.getClass().getSimpleName().equals("UserPrincipal"))
                .map(Principal::getName)
                .findFirst()
                .orElse("unknown user");
    }
}
