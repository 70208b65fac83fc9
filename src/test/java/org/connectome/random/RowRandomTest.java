package org.connectome.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

/**
 * {@link RowRandom#nextGaussian()} and {@link RowRandom#fillNormal} of both row generators are Commons
 * RNG's ziggurat over the same generator, number for number and bit for bit, in its fast layers and its edge and tail
 * alike, and take the same numbers: draws and fills mixed with plain numbers and resets, across every AES chunk
 * refill (chunks of 1 to 64 kB, and chunks made ahead) and every position in a Philox block.
 */
class RowRandomTest {
    private static final long SEED = 0x5EED_0F_6A55L;
    private static final int DRAWS = 1 << 19;

    /** The inline path covers the sampler's one-number layers: 253 of 256 in Commons RNG 1.7. */
    @Test
    void theFastLayersAreReadFromTheSampler() {
        assertEquals(253, ZigguratLayers.FAST);
        for (int layer = 0; layer < ZigguratLayers.FAST; layer++) {
            assertTrue(ZigguratLayers.X[layer] > 0 && ZigguratLayers.X[layer] < 0x1.0p-60, "layer " + layer);
        }
    }

    @Test
    void aesCounterBlocksDrawTheSamplersNumbers() {
        for (int hint : new int[] {0, 1, 7, 100, 5000}) {
            compare(() -> new AesRowRandom(SEED, RandomStream.RECURRENT_WEIGHT.id, Keystream.Kind.COUNTER_BLOCKS)
                    .reset(3, 1, hint), "ECB, hint " + hint);
        }
    }

    /** Draws that start in a chunk made ahead ({@link AesRowRandom#prepare}) and go on past it, at every reset. */
    @Test
    void aesPreparedRowsDrawTheSamplersNumbers() {
        for (Keystream.Kind kind : Keystream.Kind.values()) {
            compare(() -> {
                AesRowRandom random = new AesRowRandom(SEED, RandomStream.RECURRENT_WEIGHT.id, kind);
                random.prepare(new long[] {3}, 1, new int[] {40}, 1);
                return random.reset(3, 1, 40);
            }, kind + ", prepared");
        }
    }

    /**
     * Fills that leave a chunk made ahead (16 numbers) in the sampler's edge or tail code, which takes more numbers:
     * over 4,000 rows, each number's layer is one of those 3 of 256 often enough that some row's 16th draw does.
     */
    @Test
    void aesFillsLeavePreparedChunksInTheSlowPath() {
        AesRowRandom prepared = new AesRowRandom(SEED, RandomStream.RECURRENT_WEIGHT.id);
        AesRowRandom plain = new AesRowRandom(SEED, RandomStream.RECURRENT_WEIGHT.id);
        ZigguratSampler.NormalizedGaussian sampler = ZigguratSampler.NormalizedGaussian.of(plain);
        long[] keys = new long[AesRowRandom.MAX_PREPARED];
        int[] none = new int[AesRowRandom.MAX_PREPARED];
        for (int block = 0; block < 64; block++) {
            for (int i = 0; i < keys.length; i++) {
                keys[i] = block * 64L + i;
            }
            prepared.prepare(keys, 0, none, keys.length);
            for (long key : keys) {
                prepared.reset(key, 0, 0);
                plain.reset(key, 0, 0);
                assertFill(prepared, sampler, 24, "row " + key);
            }
        }
    }

    @Test
    void aesCounterModeDrawsTheSamplersNumbers() {
        compare(() -> new AesRowRandom(SEED, RandomStream.DELAY.id, Keystream.Kind.COUNTER_MODE).reset(9, 0, 3),
                "CTR");
    }

    @Test
    void philoxDrawsTheSamplersNumbers() {
        compare(() -> new KeyedRandom(SEED, RandomStream.INPUT_WEIGHT).reset(77, 2), "Philox");
    }

    /**
     * AES's own {@link AesRowRandom#fillBelow} loop is {@link RowRandom#nextIntBelow} repeated: for bounds from 1 to
     * 2^31 (where Lemire's check, and so the one-by-one path, takes half the values), runs of every length, after a
     * pending half, across chunk refills; the streams end together.
     */
    @Test
    void aesFillBelowIsTheLoop() {
        long[] bounds = {1, 2, 3, 1000, 999_999, 10_000_000, (1L << 31) - 1, 1L << 31, 3_000_000_000L >>> 1};
        for (Keystream.Kind kind : Keystream.Kind.values()) {
            for (long bound : bounds) {
                AesRowRandom fill = new AesRowRandom(SEED, RandomStream.PRE_SAMPLE.id, kind).reset(4, 0, 10);
                AesRowRandom loop = new AesRowRandom(SEED, RandomStream.PRE_SAMPLE.id, kind).reset(4, 0, 10);
                for (int run = 0; run < 400; run++) {
                    if (run % 5 == 2) {
                        assertEquals(loop.nextInt(), fill.nextInt(), "a half before run " + run); // leaves one pending
                    }
                    int length = run % 37;
                    int[] filled = new int[length + 1];
                    fill.fillBelow(filled, 1, length + 1, bound);
                    for (int j = 1; j <= length; j++) {
                        assertEquals(loop.nextIntBelow(bound), filled[j], kind + ", bound " + bound + ", run " + run
                                + ", value " + j);
                    }
                }
                assertEquals(loop.nextLong(), fill.nextLong(), kind + ", bound " + bound + ": the streams end apart");
            }
        }
    }

    /**
     * Two generators of one sequence: one draws {@link RowRandom#nextGaussian()}, the other the sampler over
     * itself; every few draws both take a plain number (moving the draws across chunk and block boundaries), and
     * now and then both are reset to another key.
     */
    private static void compare(Supplier<HalvingRandom> generator, String what) {
        HalvingRandom inline = generator.get();
        HalvingRandom reference = generator.get();
        ZigguratSampler.NormalizedGaussian sampler = ZigguratSampler.NormalizedGaussian.of(reference);
        double widestFast = 0;
        for (int layer = 0; layer < ZigguratLayers.FAST; layer++) {
            widestFast = Math.max(widestFast, ZigguratLayers.X[layer] * 0x1.0p63);
        }
        int tails = 0;
        assertFill(inline, sampler, 60, what + ", the first fill"); // past a first chunk of 40 numbers
        for (int i = 0; i < DRAWS; i++) {
            double expected = sampler.sample();
            double got = inline.nextGaussian();
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got),
                    what + ", draw " + i + ": " + expected + " against " + got);
            if (Math.abs(expected) > widestFast) {
                tails++; // beyond every fast layer: drawn by the sampler's tail code
            }
            if (i % 7 == 3) {
                assertEquals(reference.nextLong(), inline.nextLong(), what + ", number after draw " + i);
            }
            if (i % 1000 == 500) {
                assertFill(inline, sampler, (i / 1000) % 300 + 1, what + ", the fill after draw " + i);
            }
            if (i % 100_003 == 99_999) {
                reset(reference, i);
                reset(inline, i);
                // Past the reset's first chunk (of about i % 300 numbers), which may have been made ahead.
                assertFill(inline, sampler, i % 300 + 50, what + ", the fill after the reset at draw " + i);
            }
        }
        assertEquals(reference.nextLong(), inline.nextLong(), what + ": the streams end apart");
        // The tail starts near 3.64, where P(|g| > 3.64) = 2.7e-4: about 140 of 2^19 draws.
        assertTrue(tails > 70, what + ": only " + tails + " tail draws beyond " + widestFast);
    }

    /** A run of fillNormal: its values are the sampler's loop's. */
    private static void assertFill(HalvingRandom inline, ZigguratSampler.NormalizedGaussian sampler, int length,
            String what) {
        double[] filled = new double[length + 2];
        inline.fillNormal(filled, 1, length + 1, 0.3, 1.7);
        for (int j = 1; j <= length; j++) {
            double loop = 0.3 + 1.7 * sampler.sample();
            assertEquals(Double.doubleToRawLongBits(loop), Double.doubleToRawLongBits(filled[j]),
                    what + ", value " + j);
        }
        assertEquals(0.0, filled[0] + filled[length + 1], what + ": filled outside its range");
    }

    private static void reset(HalvingRandom random, int key) {
        if (random instanceof AesRowRandom aes) {
            if (key % 2 == 1) {
                aes.prepare(new long[] {key, key + 1}, 5, new int[] {key % 300, 7}, 2);
            }
            aes.reset(key, 5, key % 300);
        } else {
            ((KeyedRandom) random).reset(key, 5);
        }
    }
}
