package org.keepalivedj.netlink;

import java.nio.file.Path;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.KeepalivedConfigLoader;

/** Model lines made the way the daemon makes them: keepalived.conf text through the real loader. */
final class Configs {
    private Configs() {}

    static KeepalivedConfig load(String text) throws Exception {
        return KeepalivedConfigLoader.withBuiltinCheckers()
                .load(text, "t.conf", Path.of("."))
                .config();
    }
}
