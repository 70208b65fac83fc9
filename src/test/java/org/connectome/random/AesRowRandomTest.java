package org.connectome.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AesRowRandom} against its definition, computed independently: AES-128/ECB (itself checked on FIPS-197's
 * vector) on the explicit counter blocks {@code (key, subKey, j)}, number for number, across chunk refills and
 * resets; separation of keys, sub-keys, streams and seeds; the 32-bit key range; and independence of numbers
 * across the chunk boundaries, where a counter that did not advance would repeat itself.
 *
 * <p>Significance: {@link #numbersAcrossChunkBoundariesAreUniformAndIndependent()} makes {@value #TESTS}
 * chi-square assertions over 2^16 rows, each at alpha = 0.001 / {@value #TESTS} (Bonferroni): a correct generator
 * fails the method with probability at most 0.001 for a random seed; the seed is fixed, so the outcome is
 * deterministic. The same statistics on a variant whose counter restarts at every refill must fail.
 */
class AesRowRandomTest {
    private static final long SEED = 0x1234_5678_9ABCL;
    private static final long MAX_KEY = 0xFFFF_FFFFL;
    /** The default chunks after a reset hold 64, 128, 256, ... numbers: these start the second to fourth. */
    private static final int[] CHUNK_STARTS = {0, 64, 192, 448};
    private static final int ROWS = 1 << 16;
    private static final int TESTS = 8;
    private static final double ALPHA_EACH = 0.001 / TESTS;

    /** FIPS-197 Appendix C.1: AES-128 of 00112233..ff under the key 00010203..0f; checks the reference. */
    @Test
    void referenceIsAes128() throws GeneralSecurityException {
        HexFormat hex = HexFormat.of();
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hex.parseHex("000102030405060708090a0b0c0d0e0f"), "AES"));
        assertEquals("69c4e0d86a7b0430d8cdb78070b4c55a",
                hex.formatHex(ecb.doFinal(hex.parseHex("00112233445566778899aabbccddeeff"))));
    }

    /**
     * Number for number the definition, for seeds, streams, keys and sub-keys at the ends of their ranges, over
     * 20,000 numbers: past the first chunk (64), through the doubling chunks and several full 64 kB ones; for both
     * ways of making the keystream, whichever this machine would choose.
     */
    @ParameterizedTest
    @EnumSource(Keystream.Kind.class)
    void isAesOfTheCounterBlocks(Keystream.Kind kind) throws GeneralSecurityException {
        long[] seeds = {0, 1, SEED, -1, Long.MIN_VALUE};
        long[] keys = {0, 1, 0x5A2, MAX_KEY};
        for (long seed : seeds) {
            for (RandomStream stream : new RandomStream[] {RandomStream.PRE_SAMPLE, RandomStream.DELAY}) {
                AesRowRandom random = new AesRowRandom(seed, stream.id, kind);
                for (long key : keys) {
                    for (long subKey : keys) {
                        int n = key == 1 && subKey == 1 ? 20_000 : 300;
                        assertArrayEquals(reference(seed, stream.id, key, subKey, n),
                                Draws.longs(random.reset(key, subKey), n),
                                "seed " + seed + ", " + stream + ", key " + key + ", sub-key " + subKey);
                    }
                }
            }
        }
        // A new instance starts at (0, 0).
        assertArrayEquals(reference(SEED, RandomStream.PRE_SAMPLE.id, 0, 0, 100),
                Draws.longs(new AesRowRandom(SEED, RandomStream.PRE_SAMPLE), 100));
    }

    /** The chunk size hint changes nothing but speed; a reset lands on the start whatever was drawn before. */
    @ParameterizedTest
    @EnumSource(Keystream.Kind.class)
    void resetAndHintsGiveTheSameSequence(Keystream.Kind kind) throws GeneralSecurityException {
        long[] expected = reference(SEED, RandomStream.RECURRENT_WEIGHT.id, 77, 3, 3000);
        AesRowRandom random = new AesRowRandom(SEED, RandomStream.RECURRENT_WEIGHT.id, kind);
        for (int hint : new int[] {0, 1, 15, 16, 17, 100, 1000, 5000, 1 << 20, Integer.MAX_VALUE}) {
            // Leave the generator mid-chunk, mid-long (a pending half) and on another key first.
            random.reset(5, 0, hint);
            for (int i = 0; i < hint % 97 + 3; i++) {
                random.nextInt();
            }
            assertArrayEquals(expected, Draws.longs(random.reset(77, 3, hint), 3000), "hint " + hint);
        }
        random.reset(77, 3).nextInt();
        assertArrayEquals(expected, Draws.longs(random.reset(77, 3), 3000), "a pending half is dropped by reset");
        assertArrayEquals(Arrays.copyOf(reference(SEED, RandomStream.RECURRENT_WEIGHT.id, 9, 0, 64), 64),
                Draws.longs(random.reset(9), 64), "reset(key) is sub-key 0");
    }

    /**
     * Sequences prepared ahead ({@link AesRowRandom#prepare}) are the definition's, within their first chunk and
     * past it; as many are prepared as fit 64 kB; a reset out of the announced order, to a sequence not announced,
     * or a preparation in the middle of a prepared chunk (with a pending half) changes no number.
     */
    @ParameterizedTest
    @EnumSource(Keystream.Kind.class)
    void preparedSequencesAreTheDefinitions(Keystream.Kind kind) throws GeneralSecurityException {
        long stream = RandomStream.RECURRENT_WEIGHT.id;
        AesRowRandom random = new AesRowRandom(SEED, stream, kind);
        long[] keys = {10, 11, 12, 13, 14, 15, 16, 17};
        int[] expected = {0, 1, 50, 100, 3000, 900, 20, 2000};
        assertEquals(8, random.prepare(keys, 2, expected, 8));
        // Draw fewer numbers than the chunk holds, as many, and more (the sequence goes on after it).
        int[] draws = {1, 16, 40, 2000, 3100, 128, 700, 5400};
        for (int i = 0; i < keys.length; i++) {
            assertArrayEquals(reference(SEED, stream, keys[i], 2, draws[i]),
                    Draws.longs(random.reset(keys[i], 2, expected[i]), draws[i]), "prepared key " + keys[i]);
        }
        // Out of order: the fourth is skipped, the second reset again, and an unannounced one comes between.
        random.prepare(keys, 0, expected, 8);
        long[] order = {10, 11, 12, 14, 11, 99, 15, 16, 17};
        for (long key : order) {
            assertArrayEquals(reference(SEED, stream, key, 0, 300), Draws.longs(random.reset(key, 0, 100), 300),
                    "key " + key + " out of the announced order");
        }
        // At most 64 rows and 64 kB ahead: a first chunk is at most 64 kB, so a row of 8000 numbers fits alone.
        long[] many = new long[70];
        int[] hundreds = new int[70];
        for (int i = 0; i < many.length; i++) {
            many[i] = 1000 + i;
            hundreds[i] = 100;
        }
        assertEquals(AesRowRandom.MAX_PREPARED, random.prepare(many, 0, hundreds, 70));
        assertEquals(1, random.prepare(new long[] {1, 2}, 0, new int[] {8000, 1}, 2));
        assertEquals(2, random.prepare(many, 0, new int[] {3000, 3000, 3000}, 3));
        // Preparing while a prepared chunk is being drawn, with a half pending.
        long[] reference = reference(SEED, stream, 1000, 0, 4000);
        random.reset(1000, 0, 3000);
        for (int i = 0; i < 700; i++) {
            assertEquals(reference[i], random.nextLong());
        }
        assertEquals((int) (reference[700] >>> 32), random.nextInt());
        random.prepare(new long[] {5, 6}, 0, new int[] {4000, 3000}, 2);
        assertEquals((int) reference[700], random.nextInt(), "the pending half");
        for (int i = 701; i < reference.length; i++) {
            assertEquals(reference[i], random.nextLong(), "number " + i + " after a preparation mid-chunk");
        }
        assertArrayEquals(reference(SEED, stream, 5, 0, 5000), Draws.longs(random.reset(5, 0, 4000), 5000));
    }

    /** nextInt is the halves of nextLong, high half first; nextDouble its top 53 bits. */
    @Test
    void intsAndDoublesComeFromTheLongs() throws GeneralSecurityException {
        long[] expected = reference(SEED, RandomStream.PRE_SAMPLE.id, 4, 0, 500);
        AesRowRandom random = new AesRowRandom(SEED, RandomStream.PRE_SAMPLE).reset(4);
        for (long value : expected) {
            assertEquals((int) (value >>> 32), random.nextInt());
            assertEquals((int) value, random.nextInt());
        }
        random.reset(4);
        for (long value : expected) {
            double d = random.nextDouble();
            assertEquals((value >>> 11) * 0x1.0p-53, d);
            assertTrue(d >= 0 && d < 1);
        }
    }

    @Test
    void keysAndSubKeysAre32Bits() {
        AesRowRandom random = new AesRowRandom(SEED, RandomStream.PRE_SAMPLE);
        random.reset(MAX_KEY, MAX_KEY);
        for (long[] bad : new long[][] {{-1, 0}, {MAX_KEY + 1, 0}, {0, -1}, {0, MAX_KEY + 1}, {Long.MIN_VALUE, 0}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> random.reset(bad[0], bad[1]));
            assertTrue(e.getMessage().contains("outside [0, 2^32)"), e.getMessage());
        }
    }

    /**
     * First 8 numbers of 20,000 consecutive keys, of sub-keys 1..99 of 100 keys, of keys and sub-keys one bit
     * from 2^32 - 1, of every stream and of 2,000 seeds: all distinct. A chance collision among ~1.9e6 random
     * 64-bit values has probability ~1e-7; shared or shifted sequences would collide at once.
     */
    @Test
    void differentKeysSubKeysStreamsAndSeedsGiveDifferentSequences() {
        Set<Long> seen = new HashSet<>();
        int values = 0;
        for (RandomStream stream : RandomStream.values()) {
            AesRowRandom random = new AesRowRandom(SEED, stream);
            for (long key = 0; key < 20_000; key++) {
                values += Draws.addAll(seen, Draws.longs(random.reset(key), 8));
            }
            for (long key = 0; key < 100; key++) {
                for (long subKey = 1; subKey < 100; subKey++) {
                    values += Draws.addAll(seen, Draws.longs(random.reset(key, subKey), 8));
                }
            }
            for (int bit = 0; bit < 32; bit++) {
                values += Draws.addAll(seen, Draws.longs(random.reset(MAX_KEY ^ (1L << bit), 1L << bit), 8));
                values += Draws.addAll(seen, Draws.longs(random.reset(MAX_KEY, MAX_KEY ^ (1L << bit)), 8));
            }
        }
        for (long seed = 0; seed < 2_000; seed++) {
            values += Draws.addAll(seen, Draws.longs(new AesRowRandom(seed, RandomStream.PRE_SAMPLE).reset(3), 8));
        }
        assertEquals(values, seen.size(), "some (seed, stream, key, sub-key) sequences share values");
    }

    /** The numbers a row draws at the starts of its chunks, over 2^16 rows (keys), pass; see the class comment. */
    @Test
    void numbersAcrossChunkBoundariesAreUniformAndIndependent() {
        AesRowRandom random = new AesRowRandom(SEED, RandomStream.RECURRENT_WEIGHT);
        double worst = minimumP((key, out) -> {
            random.reset(key);
            int next = 0;
            for (int i = 0; next < out.length; i++) {
                long value = random.nextLong();
                if (i == CHUNK_STARTS[next]) {
                    out[next++] = value;
                }
            }
        });
        assertTrue(worst > ALPHA_EACH, "smallest p = " + worst + " <= " + ALPHA_EACH);
    }

    /** The same statistics catch a counter that restarts at block 0 on every refill (chunks repeat). */
    @Test
    void aCounterThatDoesNotAdvanceFails() {
        double worst = minimumP((key, out) -> {
            for (int c = 0; c < out.length; c++) {
                // Broken: each chunk's first number is the row's first block again.
                out[c] = reference(SEED, RandomStream.RECURRENT_WEIGHT.id, key, 0, 1)[0];
            }
        });
        assertTrue(worst <= ALPHA_EACH, "the broken counter passed: smallest p = " + worst);
    }

    interface ChunkStarts {
        /** The numbers of row {@code key} at {@link #CHUNK_STARTS} into {@code out}. */
        void draw(long key, long[] out) throws GeneralSecurityException;
    }

    /**
     * The smallest p-value of {@value #TESTS} chi-square tests over {@link #ROWS} rows: the top byte of the number
     * at each chunk start (256 cells), and the top 4 bits of consecutive chunk starts jointly, with the start of
     * the last chunk against the first (16 x 16 cells): independence across a refill.
     */
    private static double minimumP(ChunkStarts starts) {
        int points = CHUNK_STARTS.length;
        long[][] single = new long[points][256];
        long[][] pairs = new long[points][256];
        long[] out = new long[points];
        try {
            for (long key = 0; key < ROWS; key++) {
                starts.draw(key, out);
                for (int c = 0; c < points; c++) {
                    single[c][(int) (out[c] >>> 56)]++;
                    int next = (c + 1) % points;
                    pairs[c][(int) (out[c] >>> 60) * 16 + (int) (out[next] >>> 60)]++;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        ChiSquareTest chi = new ChiSquareTest();
        double[] expected = new double[256];
        Arrays.fill(expected, 1.0);
        double worst = 1;
        for (int c = 0; c < points; c++) {
            worst = Math.min(worst, chi.chiSquareTest(expected, single[c]));
            worst = Math.min(worst, chi.chiSquareTest(expected, pairs[c]));
        }
        return worst;
    }

    /** The definition: numbers 0 .. n-1 of (seed, stream, key, subKey) by AES/ECB on the counter blocks. */
    static long[] reference(long seed, long streamId, long key, long subKey, int n) throws GeneralSecurityException {
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(ByteBuffer.allocate(16).putLong(seed).putLong(streamId)
                .array(), "AES"));
        int blocks = (n + 1) / 2;
        ByteBuffer counters = ByteBuffer.allocate(16 * blocks);
        for (long j = 0; j < blocks; j++) {
            counters.putInt((int) key).putInt((int) subKey).putLong(j);
        }
        ByteBuffer stream = ByteBuffer.wrap(ecb.doFinal(counters.array())).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = stream.getLong();
        }
        return out;
    }
}
