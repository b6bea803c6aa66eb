package org.keepalivedj.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.InterfaceDelays;
import org.keepalivedj.api.model.Origin;

/**
 * A line of interface_up_down_delays: {@code IFNAME DOWN_DELAY [UP_DELAY]}, seconds 0-255 with up to
 * six decimals; without UP_DELAY both are the same. A bad number costs the line, as in keepalived.
 */
final class InterfaceDelaysLine {
    private static final BigDecimal MAX = BigDecimal.valueOf(255);

    private InterfaceDelaysLine() {}

    static Optional<InterfaceDelays> bind(ConfigNode line, ProblemSink sink) {
        if (line.args().isEmpty()) {
            sink.error(line.location(), "interface_up_down_delays: " + line.name() + " needs a down delay");
            return Optional.empty();
        }
        if (line.args().size() > 2) {
            sink.warning(
                    line.args().get(2).location(),
                    "interface_up_down_delays: extra words after the up delay of " + line.name() + " are ignored");
        }
        Duration down = seconds(line.args().get(0), sink);
        Duration up = line.args().size() > 1 ? seconds(line.args().get(1), sink) : down;
        if (down == null || up == null) {
            return Optional.empty();
        }
        return Optional.of(new InterfaceDelays(Origin.at(line.location()), line.name(), down, up));
    }

    private static Duration seconds(Token word, ProblemSink sink) {
        BigDecimal value = Numbers.parseDecimal(word.text());
        if (value == null || value.signum() < 0 || value.compareTo(MAX) > 0) {
            sink.error(
                    word.location(),
                    "interface_up_down_delays: '" + word.text() + "' is not a delay in seconds from 0 to 255");
            return null;
        }
        return Numbers.micros(value);
    }
}
