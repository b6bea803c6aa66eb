package org.keepalivedj.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MibSnapshotTest {

    private final MibSnapshot snapshot = new MibSnapshot(Map.of(
            Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.1"), Value.string("VI_1"),
            Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.2"), Value.string("VI_2"),
            Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.3.1"), Value.gauge32(51),
            Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.3.2"), Value.gauge32(52)));

    private static Pdu.Range range(String start, boolean include, String end) {
        return new Pdu.Range(Oid.parse(start), include, end.isEmpty() ? Oid.EMPTY : Oid.parse(end));
    }

    @Test
    void getAnswersTheExactObjectOrNoSuchObject() {
        assertEquals(
                Value.gauge32(52),
                snapshot.get(range("1.3.6.1.4.1.9586.100.5.2.3.1.3.2", false, ""))
                        .value());
        assertEquals(
                Value.NO_SUCH_OBJECT_VALUE,
                snapshot.get(range("1.3.6.1.4.1.9586.100.5.2.3.1.3.3", false, ""))
                        .value());
    }

    @Test
    void getNextHonoursIncludeAndTheEndOfTheRange() {
        assertEquals(
                Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.1"),
                snapshot.next(range("1.3.6.1.4.1.9586.100.5.2.3.1.2.1", true, ""))
                        .name());
        assertEquals(
                Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.2"),
                snapshot.next(range("1.3.6.1.4.1.9586.100.5.2.3.1.2.1", false, ""))
                        .name());
        VarBind end = snapshot.next(range("1.3.6.1.4.1.9586.100.5.2.3.1.2.2", false, "1.3.6.1.4.1.9586.100.5.2.3.1.3"));
        assertEquals(Value.END_OF_MIB_VIEW_VALUE, end.value());
        assertEquals(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.2"), end.name());
    }

    @Test
    void getBulkRepeatsRowByRowAndStopsWhenEveryRepeaterEnded() {
        List<VarBind> out = snapshot.bulk(new Pdu.Bulk(
                0,
                10,
                List.of(
                        range("1.3.6.1.4.1.9586.100.5.2.3.1.2", false, ""),
                        range("1.3.6.1.4.1.9586.100.5.2.3.1.3", false, ""))));
        assertEquals(
                List.of("VI_1", "51", "VI_2", "52", "51", "end", "52", "end", "end", "end"),
                out.stream()
                        .map(v -> v.value().type() == Value.END_OF_MIB_VIEW
                                ? "end"
                                : v.value().type() == Value.OCTET_STRING
                                        ? new String(v.value().octets())
                                        : Long.toString(v.value().number()))
                        .toList());
    }

    @Test
    void unsignedSubIdentifiersSortAfterSmallOnes() {
        assertEquals(-1, Integer.signum(Oid.parse("1.2.3").compareTo(Oid.parse("1.2.4294967295"))));
        assertEquals(".1.2.4294967295", Oid.parse("1.2.4294967295").toString());
    }
}
