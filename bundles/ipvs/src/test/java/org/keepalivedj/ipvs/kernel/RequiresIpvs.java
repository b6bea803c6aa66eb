package org.keepalivedj.ipvs.kernel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test needs root and a kernel with IPVS. This machine's kernel has none: such tests skip on
 * the host and run inside user-mode-linux through {@link IpvsInUmlIT} ({@code mvn verify}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresIpvsCondition.class)
public @interface RequiresIpvs {}
