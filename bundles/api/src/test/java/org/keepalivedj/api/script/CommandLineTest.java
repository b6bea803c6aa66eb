package org.keepalivedj.api.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void splitsLikeAShellForSimpleQuotes() {
        assertEquals(List.of("/bin/echo", "a b", "c'd", "e"), CommandLine.split("/bin/echo \"a b\" \"c'd\"   e"));
    }

    @Test
    void aScriptsCommandIsItsLineThenItsArguments() {
        Script s = Script.notify("/bin/n.sh 'x y'", List.of("INSTANCE", "VI_1"), null, false);
        assertEquals(List.of("/bin/n.sh", "x y", "INSTANCE", "VI_1"), s.command());
        assertNull(s.timeout(), "a notify script takes the service's timeout");
    }
}
