package org.keepalivedj.nft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.json.JsonWriter;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.Protocol;

class NftRulesTest {

    @Test
    void elementCommandsMergeOnePerMapInASafeOrder() throws Exception {
        ServiceKey a = ServiceKey.of(InetAddress.getByName("192.0.2.1"), 80, Protocol.TCP);
        ServiceKey b = ServiceKey.of(InetAddress.getByName("192.0.2.2"), 80, Protocol.TCP);
        List<Object> commands = List.of(
                NftRules.deleteDispatch(a, false),
                NftRules.deleteChain("vs1"),
                NftRules.deleteDispatch(b, false),
                NftRules.addChain("vs3"),
                NftRules.addDispatch(a, "vs3", false),
                NftRules.addChain("vs4"),
                NftRules.addDispatch(b, "vs4", false));
        List<Object> merged = NftRules.mergeElementCommands(commands);
        assertEquals(5, merged.size());
        // Deletes at the first delete (before vs1 goes), adds at the last add (after vs4 exists).
        assertEquals(
                "{\"delete\":{\"element\":{\"family\":\"inet\",\"table\":\"keepalivedj\",\"name\":\"vip4\",\"elem\":"
                        + "[{\"concat\":[\"192.0.2.1\",\"tcp\",80]},{\"concat\":[\"192.0.2.2\",\"tcp\",80]}]}}}",
                JsonWriter.write(merged.get(0)));
        assertEquals(JsonWriter.write(NftRules.deleteChain("vs1")), JsonWriter.write(merged.get(1)));
        assertEquals(JsonWriter.write(NftRules.addChain("vs4")), JsonWriter.write(merged.get(3)));
        assertEquals(
                "{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"keepalivedj\",\"name\":\"vip4\",\"elem\":"
                        + "[[{\"concat\":[\"192.0.2.1\",\"tcp\",80]},{\"goto\":{\"target\":\"vs3\"}}],"
                        + "[{\"concat\":[\"192.0.2.2\",\"tcp\",80]},{\"goto\":{\"target\":\"vs4\"}}]]}}}",
                JsonWriter.write(merged.get(4)));
    }

    @Test
    void anElementAddedBeforeItIsDeletedInTheSameBatchIsDeletedFirst() throws Exception {
        // An ops real server taken over by vs2 (listed first) from vs1 (updated later).
        NftRules.Target real = new NftRules.Target(InetAddress.getByName("10.0.0.2"), 5353);
        List<Object> commands = new java.util.ArrayList<>();
        commands.addAll(NftRules.addOpsReply(Family.INET, real, "vs2-post"));
        commands.add(NftRules.flushChain("vs1"));
        commands.addAll(NftRules.deleteOpsReply(Family.INET, real));
        List<String> merged = NftRules.mergeElementCommands(commands).stream()
                .map(JsonWriter::write)
                .map(json -> json.substring(2, json.indexOf('"', 2)) + " "
                        + json.replaceAll(".*\"name\":\"([a-z0-9]+)\".*", "$1"))
                .toList();
        assertEquals(
                List.of("flush vs1", "delete opsreal4", "add opsreal4", "delete opsback4", "add opsback4"), merged);
    }

    @Test
    void fwmarkAndAllPortServicesHaveTheirOwnMaps() throws Exception {
        assertEquals(
                "{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"keepalivedj\",\"name\":\"postmark6\",\"elem\":"
                        + "[[7,{\"goto\":{\"target\":\"vs1-post\"}}]]}}}",
                JsonWriter.write(
                        NftRules.addDispatch(ServiceKey.fwmark(7, Family.INET6, Protocol.UDP), "vs1-post", true)));
        assertEquals(
                "{\"delete\":{\"element\":{\"family\":\"inet\",\"table\":\"keepalivedj\",\"name\":\"vip4any\",\"elem\":"
                        + "[{\"concat\":[\"192.0.2.1\",\"udp\"]}]}}}",
                JsonWriter.write(NftRules.deleteDispatch(
                        ServiceKey.of(InetAddress.getByName("192.0.2.1"), 0, Protocol.UDP), false)));
    }

    @Test
    void persistenceGranularityBecomesAMask() {
        assertNull(NftRules.mask(Family.INET, null));
        assertNull(NftRules.mask(Family.INET, "255.255.255.255"));
        assertNull(NftRules.mask(Family.INET6, "128"));
        assertEquals("255.255.255.0", NftRules.mask(Family.INET, "255.255.255.0"));
        assertEquals("255.255.0.0", NftRules.mask(Family.INET, "16"));
        assertEquals("ffff:ffff:ffff:ffff::", NftRules.mask(Family.INET6, "64"));
        assertThrows(IllegalArgumentException.class, () -> NftRules.mask(Family.INET, "33"));
        assertThrows(IllegalArgumentException.class, () -> NftRules.mask(Family.INET, "ffff::"));
    }
}
