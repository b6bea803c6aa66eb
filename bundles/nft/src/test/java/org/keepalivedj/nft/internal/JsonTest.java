package org.keepalivedj.nft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.json.JsonWriter;

class JsonTest {

    @Test
    void writesWhatLibnftablesReads() {
        Object command = Json.obj(
                "add",
                Json.obj(
                        "rule",
                        Json.obj(
                                "expr",
                                List.of(Json.obj("drop", null)),
                                "comment",
                                "a \"quoted\"\\ line\n",
                                "prio",
                                -100,
                                "ok",
                                true)));
        assertEquals(
                "{\"add\":{\"rule\":{\"expr\":[{\"drop\":null}],\"comment\":\"a \\\"quoted\\\"\\\\ line\\n\","
                        + "\"prio\":-100,\"ok\":true}}}",
                JsonWriter.write(command));
    }

    @Test
    void readsAListing() {
        Object parsed =
                Json.parse("{\"nftables\": [{\"counter\": {\"name\": \"vs1-rs0\", \"packets\": 12, \"bytes\": 720}},"
                        + " {\"x\": [1.5, false, null, \"\\u00e9\"]}]}");
        Map<?, ?> counter =
                (Map<?, ?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) parsed).get("nftables")).get(0)).get("counter");
        assertEquals(12L, counter.get("packets"));
        assertEquals(
                Arrays.asList(1.5, false, null, "é"),
                ((Map<?, ?>) ((List<?>) ((Map<?, ?>) parsed).get("nftables")).get(1)).get("x"));
    }

    @Test
    void badJsonNamesTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": [1, }"));
        assertEquals("JSON at offset 10: unexpected character '}'", e.getMessage());
    }

    @Property(tries = 200)
    void stringsSurviveARoundTrip(@ForAll String text) {
        assertEquals(text, Json.parse(JsonWriter.write(text)));
    }
}
