package org.keepalivedj.netlink.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.VirtualAddress;
import org.keepalivedj.api.net.NetworkOperationException;

/**
 * The record of addresses we added, one per line, tab-separated:
 * {@code interface address prefix scope label|- broadcast|- nodad(0|1)}. Written whole to a
 * temporary file and renamed over the old one, so a crash leaves either the old or the new list.
 */
public final class AddressStateFile {

    private static final String HEADER = "# keepalived-j addresses added to interfaces; removed at the next start if still here";

    private final Path path;

    public AddressStateFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public List<VirtualAddress> read() {
        if (!Files.exists(path)) {
            return List.of();
        }
        List<VirtualAddress> result = new ArrayList<>();
        try {
            int lineNumber = 0;
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                result.add(parse(line, lineNumber));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read address state file " + path, e);
        }
        return result;
    }

    private VirtualAddress parse(String line, int lineNumber) {
        String[] f = line.split("\t");
        try {
            if (f.length != 7) {
                throw new IllegalArgumentException("expected 7 tab-separated fields, found " + f.length);
            }
            return new VirtualAddress(f[0], InetAddress.getByName(f[1]), Integer.parseInt(f[2]),
                    AddressScope.parse(f[3]), f[4].equals("-") ? null : f[4],
                    f[5].equals("-") ? null : InetAddress.getByName(f[5]), f[6].equals("1"));
        } catch (IOException | IllegalArgumentException e) {
            throw new NetworkOperationException(path + ":" + lineNumber + ": bad address record '" + line + "': "
                    + e.getMessage(), e);
        }
    }

    public void write(Collection<VirtualAddress> addresses) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (VirtualAddress a : addresses) {
            text.append(a.interfaceName()).append('\t').append(a.address().getHostAddress()).append('\t')
                    .append(a.prefixLength()).append('\t').append(a.scope().name().toLowerCase(java.util.Locale.ROOT))
                    .append('\t').append(a.label() == null ? "-" : a.label()).append('\t')
                    .append(a.broadcast() == null ? "-" : a.broadcast().getHostAddress()).append('\t')
                    .append(a.noDad() ? '1' : '0').append('\n');
        }
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write address state file " + path, e);
        }
    }
}
