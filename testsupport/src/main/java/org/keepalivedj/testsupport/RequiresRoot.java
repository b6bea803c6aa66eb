package org.keepalivedj.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs root and the {@code ip} command (namespaces, raw
 * sockets, netlink changes). It is skipped with a clear reason otherwise, and tagged "root".
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("root")
@ExtendWith(RequiresRootCondition.class)
public @interface RequiresRoot {}
