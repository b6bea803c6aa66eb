package org.keepalivedj.api.config;

import java.util.List;

/**
 * The one exception the config reader and binder throw for bad input. Its message reads like
 * {@code keepalived.conf:42:5: vrrp_instance VI_1: priority 300 out of range 1-255}; it carries every
 * problem found, so an operator sees them all at once, and never needs a stack trace.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(render(problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    public ConfigException(Location location, String message) {
        this(new ConfigProblem(ConfigProblem.Severity.ERROR, location, message));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder();
        for (ConfigProblem p : problems) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
