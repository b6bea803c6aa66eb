package org.keepalivedj.netlink.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.api.net.NetworkOperationException;

/**
 * A journal of the addresses we added: one line per change, {@code +} for added and {@code -}
 * for removed, then tab-separated {@code interface address prefix scope label|- broadcast|- nodad(0|1)}.
 * Appending a line is cheap, so every add is on disk before the kernel is asked. {@link #write}
 * compacts the journal to "+" lines only, through a temporary file renamed over the old one.
 * A last line without its newline (torn by a crash) is ignored.
 */
public final class AddressStateFile {

    private static final String HEADER = "# keepalived-j: addresses added to interfaces (+) and removed (-); "
            + "what is still added is removed at the next start\n";

    private final Path path;
    private FileChannel journal;

    public AddressStateFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Replays the journal: the addresses recorded as added and not removed, in order. */
    public List<ManagedAddress> read() {
        if (!Files.exists(path)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read address state file " + path, e);
        }
        List<ManagedAddress> result = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        // The piece after the last newline is either empty or a torn line: skip it.
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            boolean added = line.startsWith("+\t");
            if (!added && !line.startsWith("-\t")) {
                throw bad(i + 1, line, "a line starts with '+' or '-' and a tab");
            }
            ManagedAddress a = parse(line.substring(2), i + 1, line);
            result.removeIf(a::sameAddress);
            if (added) {
                result.add(a);
            }
        }
        return result;
    }

    private ManagedAddress parse(String fields, int lineNumber, String line) {
        String[] f = fields.split("\t");
        try {
            if (f.length != 7) {
                throw new IllegalArgumentException("expected 7 tab-separated fields after the sign, found " + f.length);
            }
            return new ManagedAddress(
                    f[0],
                    InetAddress.getByName(f[1]),
                    Integer.parseInt(f[2]),
                    AddressScope.parse(f[3]),
                    f[4].equals("-") ? null : f[4],
                    f[5].equals("-") ? null : InetAddress.getByName(f[5]),
                    f[6].equals("1") ? Set.of(AddressFlag.NODAD) : Set.of());
        } catch (IOException | IllegalArgumentException e) {
            throw bad(lineNumber, line, e.getMessage());
        }
    }

    private NetworkOperationException bad(int lineNumber, String line, String why) {
        return new NetworkOperationException(path + ":" + lineNumber + ": bad address record '" + line + "': " + why);
    }

    /** Appends one change to the journal (one write(2) on a channel kept open). */
    public synchronized void append(boolean added, ManagedAddress address) {
        try {
            if (journal == null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
                boolean fresh = !Files.exists(path);
                journal = FileChannel.open(
                        path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
                if (fresh) {
                    writeFully(HEADER);
                }
            }
            writeFully((added ? "+\t" : "-\t") + fields(address) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write address state file " + path, e);
        }
    }

    private void writeFully(String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            journal.write(bytes);
        }
    }

    /** Closes the journal's channel (it reopens on the next append). */
    public synchronized void close() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close address state file " + path, e);
            } finally {
                journal = null;
            }
        }
    }

    /** Replaces the journal with exactly these addresses. */
    public synchronized void write(Collection<ManagedAddress> addresses) {
        close();
        StringBuilder text = new StringBuilder(HEADER);
        for (ManagedAddress a : addresses) {
            text.append("+\t").append(fields(a)).append('\n');
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

    private static String fields(ManagedAddress a) {
        return a.interfaceName()
                + '\t'
                + IpAddresses.format(a.address())
                + '\t'
                + a.prefixLength()
                + '\t'
                + a.scope().name().toLowerCase(Locale.ROOT)
                + '\t'
                + (a.label() == null ? "-" : a.label())
                + '\t'
                + (a.broadcast() == null ? "-" : IpAddresses.format(a.broadcast()))
                + '\t'
                + (a.noDad() ? '1' : '0');
    }
}
