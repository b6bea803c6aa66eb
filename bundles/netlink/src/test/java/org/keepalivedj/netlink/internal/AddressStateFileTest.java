package org.keepalivedj.netlink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.api.net.NetworkOperationException;

class AddressStateFileTest {

    @Test
    void journalReplaysAddsAndRemovesAndSkipsATornLastLine(@TempDir Path dir) throws Exception {
        AddressStateFile file = new AddressStateFile(dir.resolve("addresses.state"));
        ManagedAddress a = ManagedAddress.of("eth0", InetAddress.getByName("10.0.0.1"), 24);
        ManagedAddress b = new ManagedAddress(
                "eth1", InetAddress.getByName("fd00::2"), 64, AddressScope.LINK, null, null, Set.of(AddressFlag.NODAD));
        ManagedAddress c = new ManagedAddress(
                "eth0",
                InetAddress.getByName("10.0.0.3"),
                32,
                AddressScope.HOST,
                "eth0:c",
                InetAddress.getByName("10.0.0.255"),
                Set.of());
        file.append(true, a);
        file.append(true, b);
        file.append(false, a);
        file.append(true, c);
        assertEquals(List.of(b, c), file.read());

        Files.writeString(
                file.path(),
                Files.readString(file.path()) + "+\teth0\t10.0.0.9\t2",
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        assertEquals(List.of(b, c), file.read(), "a torn last line is ignored");

        file.write(List.of(c));
        assertEquals(List.of(c), file.read());
        assertTrue(Files.readString(file.path()).endsWith("+\teth0\t10.0.0.3\t32\thost\teth0:c\t10.0.0.255\t0\n"));
    }

    @Test
    void aDamagedLineIsReportedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("addresses.state");
        Files.writeString(path, "# header\n+\teth0\t10.0.0.1\tx\tglobal\t-\t-\t0\n");
        NetworkOperationException e =
                assertThrows(NetworkOperationException.class, () -> new AddressStateFile(path).read());
        assertTrue(e.getMessage().startsWith(path + ":2: bad address record"), e.getMessage());
        Files.writeString(path, "eth0\t10.0.0.1\t24\tglobal\t-\t-\t0\n");
        e = assertThrows(NetworkOperationException.class, () -> new AddressStateFile(path).read());
        assertTrue(
                e.getMessage().contains(":1: bad address record")
                        && e.getMessage().contains("'+' or '-'"),
                e.getMessage());
    }
}
