package org.keepalivedj.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Container-side settings, from {@code etc/org.keepalivedj.cfg}. The launcher's options
 * ({@code -f}, {@code -i}) arrive as system properties and win over this file.
 */
@ObjectClassDefinition(name = "keepalived-j daemon", description = "Where keepalived.conf is and how it is loaded")
public @interface DaemonSettings {

    @AttributeDefinition(description = "Path of keepalived.conf; empty means ${karaf.etc}/keepalived.conf")
    String config_file() default "";

    @AttributeDefinition(description = "Config id for @id conditionals; empty means the short host name")
    String config_id() default "";

    @AttributeDefinition(description = "Reload when keepalived.conf or a file it includes changes")
    boolean reload_on_change() default false;

    @AttributeDefinition(description = "Data plane: auto (IPVS, else nftables, else none), ipvs, nft or none")
    String data_plane() default "auto";
}
