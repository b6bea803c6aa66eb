package org.keepalivedj.core.internal;

import java.lang.annotation.Annotation;

/** etc/org.keepalivedj.cfg as the tests give it: this file, config id "id1", the other defaults. */
final class TestSettings {
    private TestSettings() {}

    static DaemonSettings forFile(String file) {
        return forFile(file, "auto");
    }

    /** With this data.plane setting. */
    static DaemonSettings forFile(String file, String dataPlane) {
        return new DaemonSettings() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DaemonSettings.class;
            }

            @Override
            public String config_file() {
                return file;
            }

            @Override
            public String config_id() {
                return "id1";
            }

            @Override
            public boolean reload_on_change() {
                return false;
            }

            @Override
            public String data_plane() {
                return dataPlane;
            }
        };
    }
}
