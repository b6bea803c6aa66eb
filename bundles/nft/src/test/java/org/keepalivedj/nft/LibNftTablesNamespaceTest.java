package org.keepalivedj.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keepalivedj.api.net.NetworkOperationException;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/** NftTables through libnftables in a namespace of its own, read back with the nft command. */
@RequiresRoot
class LibNftTablesNamespaceTest {

    private static final String BODY = "  set s {\n    type ipv4_addr\n    elements = { %s }\n  }\n"
            + "  chain input {\n    type filter hook input priority 0; policy accept;\n    ip daddr @s drop\n  }";

    @Test
    void replacesTheTableWholeKeepsItOnARefusedBodyAndDeletesIt() throws Exception {
        try (Netns ns = Netns.create("kjnfttables");
                LibNftTables tables = new LibNftTables()) {
            ns.run(() -> tables.replace("inet", "kj_test", BODY.formatted("192.0.2.1")));
            assertTrue(list(ns).contains("192.0.2.1"));

            ns.run(() -> tables.replace("inet", "kj_test", BODY.formatted("192.0.2.2")));
            String second = list(ns);
            assertTrue(second.contains("192.0.2.2") && !second.contains("192.0.2.1"), second);
            assertEquals(1, second.split("chain input", -1).length - 1, "one chain, not two: " + second);

            NetworkOperationException refused = assertThrows(
                    NetworkOperationException.class,
                    () -> tables.replace("inet", "kj_test", BODY.formatted("not-an-address")));
            assertTrue(refused.getMessage().contains("inet kj_test"), refused.getMessage());
            assertTrue(list(ns).contains("192.0.2.2"), "a refused body leaves the table as it was");

            tables.delete("inet", "kj_test");
            assertFalse(ns.exec("nft", "list", "tables").stdout().contains("kj_test"));
            tables.delete("inet", "kj_test"); // absent: no error
            assertThrows(IllegalArgumentException.class, () -> tables.delete("inet", "x; flush ruleset"));
        }
    }

    private static String list(Netns ns) {
        return ns.execOrThrow("nft", "list", "table", "inet", "kj_test").stdout();
    }
}
