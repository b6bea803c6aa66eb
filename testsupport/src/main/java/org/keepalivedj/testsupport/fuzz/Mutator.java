package org.keepalivedj.testsupport.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Inputs for decoders made from real samples: each is a sample with one to six mutations (a byte
 * changed, bytes put in or cut out, a range doubled, the end cut off, a number made huge or negative,
 * a protocol-significant byte put in), or now and then plain random bytes. Mutants of real samples get
 * past the first checks, where random bytes rarely do.
 */
public final class Mutator {

    private static final byte[][] INTERESTING = {
        {0},
        {(byte) 0xff},
        {(byte) 0x80},
        {0x7f},
        {'\r', '\n'},
        {'\n'},
        {'\r'},
        {':'},
        {'-'},
        {' '},
        {';'},
        {(byte) 0xff, (byte) 0xff},
        {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {0, 0, 0, 0},
        {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {(byte) 0xc0, 0x0c},
        "99999999999999999999".getBytes(StandardCharsets.US_ASCII),
        "-1".getBytes(StandardCharsets.US_ASCII),
        "ffffffff".getBytes(StandardCharsets.US_ASCII),
        "0".getBytes(StandardCharsets.US_ASCII),
    };

    private Mutator() {}

    /** Mutants of the samples (nine in ten) and random bytes up to maxRandom long (one in ten). */
    public static Arbitrary<byte[]> mutantsOf(List<byte[]> samples, int maxRandom) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to mutate");
        }
        List<byte[]> copies = List.copyOf(samples);
        Arbitrary<byte[]> mutants =
                Arbitraries.randomValue(random -> mutate(copies.get(random.nextInt(copies.size())), random));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(maxRandom);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, mutants), net.jqwik.api.Tuple.of(1, noise));
    }

    /** One to six random mutations of sample (which is not changed). */
    public static byte[] mutate(byte[] sample, Random random) {
        byte[] b = sample.clone();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            b = once(b, random);
        }
        return b;
    }

    private static byte[] once(byte[] b, Random r) {
        int at = b.length == 0 ? 0 : r.nextInt(b.length + 1);
        switch (r.nextInt(8)) {
            case 0: // change one byte
                if (b.length > 0) {
                    b[Math.min(at, b.length - 1)] = (byte) r.nextInt(256);
                }
                return b;
            case 1: // flip one bit
                if (b.length > 0) {
                    b[Math.min(at, b.length - 1)] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            case 2: { // put random bytes in
                byte[] noise = new byte[1 + r.nextInt(16)];
                r.nextBytes(noise);
                return insert(b, at, noise);
            }
            case 3: // cut a range out
                return cut(b, at, Math.min(b.length, at + 1 + r.nextInt(32)));
            case 4: // cut the end off
                return Arrays.copyOf(b, at);
            case 5: { // double a range
                int end = Math.min(b.length, at + 1 + r.nextInt(64));
                return insert(b, end, Arrays.copyOfRange(b, at, end));
            }
            case 6: // put a protocol-significant value in
                return insert(b, at, INTERESTING[r.nextInt(INTERESTING.length)]);
            default: { // overwrite with a significant value
                byte[] v = INTERESTING[r.nextInt(INTERESTING.length)];
                byte[] c = b.clone();
                for (int i = 0; i < v.length && at + i < c.length; i++) {
                    c[at + i] = v[i];
                }
                return c;
            }
        }
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] c = new byte[b.length + what.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(what, 0, c, at, what.length);
        System.arraycopy(b, at, c, at + what.length, b.length - at);
        return c;
    }

    private static byte[] cut(byte[] b, int from, int to) {
        byte[] c = new byte[b.length - (to - from)];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(b, to, c, from, b.length - to);
        return c;
    }
}
