package org.connectome.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.connectome.random.AesRowRandom;
import org.connectome.random.KeyedRandom;
import org.connectome.random.RowRandom;
import org.connectome.random.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * {@link DistinctSampler}: exactness of every draw (sorted, distinct, in range, exactly k, nothing written past k,
 * independent of the buffers left by earlier draws), and uniformity over k-subsets for each method, forced through
 * the package-private constructor: density {@value #BUCKET} sorts buckets (with redraws of duplicates), density
 * Integer.MAX_VALUE marks a bitmap (marking the left-out values when k > width / 2).
 *
 * <p>Significance: each chi-square method makes m assertions at alpha = 0.001 / m (Bonferroni); fixed seeds.
 */
class DistinctSamplerTest {
    static final int BUCKET = 0;
    static final int BITMAP = Integer.MAX_VALUE;
    private static final long MAX_WIDTH = Integer.MAX_VALUE;

    /** A provider that counts the numbers drawn from it. */
    static final class Counting implements RowRandom {
        final UniformRandomProvider inner;
        long draws;

        Counting(UniformRandomProvider inner) {
            this.inner = inner;
        }

        @Override
        public long nextLong() {
            draws++;
            return inner.nextLong();
        }

        @Override
        public double nextGaussian() {
            throw new UnsupportedOperationException("pres draw no Gaussians");
        }
    }

    /** The test hook forces what the tests below believe it forces (they would test the wrong method otherwise). */
    @Test
    void densityForcesTheMethod() {
        int[] out = new int[1000];
        // The bitmap's complement path marks the one left-out value: a handful of draws. Bucket sorting keeps the
        // first 999 distinct values of a uniform sequence: at least 999 draws.
        Counting bitmap = new Counting(new KeyedRandom(1, RandomStream.PRE_SAMPLE));
        new DistinctSampler(BITMAP).sample(bitmap, 1000, 999, out);
        assertTrue(bitmap.draws < 20, "bitmap method drew " + bitmap.draws);
        Counting bucket = new Counting(new KeyedRandom(1, RandomStream.PRE_SAMPLE));
        new DistinctSampler(BUCKET).sample(bucket, 1000, 999, out);
        assertTrue(bucket.draws >= 999, "bucket method drew " + bucket.draws);
        // The default sampler's complement path, too, for a dense row.
        Counting dense = new Counting(new KeyedRandom(1, RandomStream.PRE_SAMPLE));
        new DistinctSampler().sample(dense, 1000, 999, out);
        assertTrue(dense.draws < 20, "default sampler, dense row, drew " + dense.draws);
    }

    @Test
    void everyDrawIsSortedDistinctInRangeAndExactlyK() {
        DistinctSampler[] reused = {new DistinctSampler(), new DistinctSampler(BUCKET), new DistinctSampler(BITMAP)};
        long[][] fixed = {
            {1, 0}, {1, 1}, {2, 0}, {2, 1}, {2, 2}, {3, 3}, {63, 32}, {64, 64}, {64, 63}, {64, 1}, {65, 1},
            {65, 64}, {65, 65}, {128, 64}, {129, 128}, {1000, 0}, {1000, 1000}, {1000, 999}, {4096, 16},
            {4097, 17}, {MAX_WIDTH, 0}, {MAX_WIDTH, 1}, {MAX_WIDTH, 2}, {MAX_WIDTH, 1000}, {MAX_WIDTH, 100_000},
            {MAX_WIDTH - 1, 7}, {1L << 30, 5000}, {(1L << 30) + 1, 5000},
        };
        long draw = 0;
        for (long[] c : fixed) {
            for (int m = 0; m < reused.length; m++) {
                checkDraw(reused[m], m, c[0], (int) c[1], draw++);
            }
        }
        SplittableRandom params = new SplittableRandom(7);
        for (int i = 0; i < 400; i++) {
            long width = (long) Math.min(MAX_WIDTH, Math.floor(Math.exp(params.nextDouble() * Math.log(MAX_WIDTH)))
                    + 1);
            int k;
            switch (i % 3) {
                case 0 -> k = (int) params.nextLong(Math.min(width, 5000) + 1);            // any k of small rows
                case 1 -> k = (int) Math.min(width, params.nextInt(300));                   // few values
                default -> k = (int) (width - Math.min(width, params.nextInt(300)));        // almost all
            }
            if (k > 200_000) {
                k = (int) params.nextLong(200_000);
            }
            for (int m = 0; m < reused.length; m++) {
                checkDraw(reused[m], m, width, k, draw++);
            }
        }
    }

    /**
     * One draw with a sampler that has served other rows before, against the same draw with a fresh sampler and
     * the same random numbers: buffers left behind must not change anything.
     */
    private static void checkDraw(DistinctSampler reused, int method, long width, int k, long key) {
        if (method == 2 && width > (1 << 21)) {
            return; // a 2^31-bit bitmap is 256 MB: the default sampler never marks one for so few values
        }
        if (method == 1 && k > width / 4 && width > 4096) {
            return; // redraw rounds merge all k values each: quadratic when dense, so only at small widths
        }
        String what = "method " + method + ", width " + width + ", k " + k;
        int[] out = new int[k + 3];
        Arrays.fill(out, -7);
        reused.sample(new KeyedRandom(99, RandomStream.PRE_SAMPLE).reset(key), width, k, out);
        for (int i = 0; i < k; i++) {
            assertTrue(out[i] >= 0 && out[i] < width, what + ": value " + out[i] + " out of range");
            assertTrue(i == 0 || out[i - 1] < out[i], what + ": not strictly ascending at " + i);
        }
        for (int i = k; i < k + 3; i++) {
            assertEquals(-7, out[i], what + ": wrote past k at " + i);
        }
        int[] fresh = new int[k + 3];
        Arrays.fill(fresh, -7);
        DistinctSampler freshSampler = method == 0 ? new DistinctSampler()
                : new DistinctSampler(method == 1 ? BUCKET : BITMAP);
        freshSampler.sample(new KeyedRandom(99, RandomStream.PRE_SAMPLE).reset(key), width, k, fresh);
        assertArrayEquals(fresh, out, what + ": depends on earlier draws");
    }

    @Test
    void rejectsImpossibleDraws() {
        DistinctSampler sampler = new DistinctSampler();
        KeyedRandom random = new KeyedRandom(1, RandomStream.PRE_SAMPLE);
        int[] out = new int[10];
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(random, 5, 6, out));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(random, 5, -1, out));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(random, MAX_WIDTH + 1, 1, out));
    }

    /** Each method, every k-subset of a tiny range equally likely. 11 chi-square tests, alpha 0.001 / 11 each. */
    @Test
    void everySubsetIsEquallyLikely() {
        int[][] bucketCases = {{7, 3}, {6, 4}, {7, 6}, {10, 5}, {5, 1}};  // {7, 6}: mostly redraws
        int[][] bitmapCases = {{7, 3}, {6, 4}, {7, 5}, {10, 7}, {65, 64}}; // {7, 5}, {10, 7}, {65, 64}: complement
        int[][] defaultCases = {{10, 4}};
        double alpha = Stats.ALPHA / (bucketCases.length + bitmapCases.length + defaultCases.length);
        long seed = 1000;
        for (int[] c : bucketCases) {
            assertUniformSubsets(new DistinctSampler(BUCKET), "bucket", c[0], c[1], seed++, alpha);
        }
        for (int[] c : bitmapCases) {
            assertUniformSubsets(new DistinctSampler(BITMAP), "bitmap", c[0], c[1], seed++, alpha);
        }
        for (int[] c : defaultCases) {
            assertUniformSubsets(new DistinctSampler(), "default", c[0], c[1], seed++, alpha);
        }
    }

    /**
     * What the rows are, whatever sorts them: with replacement, the first k draws of the stream in ascending order;
     * without, its first k distinct draws, for every method (the bitmap's, when k <= width / 2: above, it marks the
     * values left out). Small widths make buckets of many values (and many
     * duplicates), which the sort's slow path handles; a wrong sort or merge changes the multiset or the order.
     */
    @Test
    void drawsAreTheStreamsFirstDrawsSorted() {
        DistinctSampler[] methods = {new DistinctSampler(), new DistinctSampler(BUCKET), new DistinctSampler(BITMAP)};
        SplittableRandom params = new SplittableRandom(11);
        for (int i = 0; i < 3000; i++) {
            long width = i % 2 == 0 ? 1 + params.nextInt(64) : 1 + params.nextLong(1L << (1 + params.nextInt(24)));
            int k = 1 + params.nextInt(i % 3 == 0 ? 3000 : 200);
            long key = 1000 + i;
            int[] expected = new int[k];
            // Philox and AES (whose fillBelow is its own loop) on alternate draws.
            boolean aes = i % 4 < 2;
            RowRandom stream = stream(aes, key);
            for (int j = 0; j < k; j++) {
                expected[j] = stream.nextIntBelow(width);
            }
            Arrays.sort(expected);
            int[] out = new int[k];
            methods[i % 3].sampleWithReplacement(stream(aes, key), width, k, out);
            assertArrayEquals(expected, out, "with replacement, width " + width + ", k " + k);

            if (i % 3 == 1 ? k <= width : 2L * k <= width && (i % 3 == 0 || width <= 1 << 20)) {
                java.util.TreeSet<Integer> distinct = new java.util.TreeSet<>();
                stream = stream(aes, key);
                while (distinct.size() < k) {
                    distinct.add(stream.nextIntBelow(width));
                }
                methods[i % 3].sample(stream(aes, key), width, k, out);
                assertArrayEquals(distinct.stream().mapToInt(Integer::intValue).toArray(), out,
                        "distinct, method " + i % 3 + ", width " + width + ", k " + k);
            }
        }
    }

    /**
     * The sparse rows' sort is a sort whatever the order the values come in, not only for the nearly bucket-ordered
     * input of random draws: descending, ascending, one bucket's values reversed, runs reversed in blocks, all equal,
     * the extremes of the range, each against {@code Arrays.sort} (values handed in as a stream's draws).
     */
    @Test
    void theSparseSortSortsAnyOrder() {
        DistinctSampler sampler = new DistinctSampler(BUCKET);
        SplittableRandom random = new SplittableRandom(20261203);
        for (int width : new int[] {1, 2, 3, 100, 1 << 20, 10_000_000, Integer.MAX_VALUE}) {
            for (int k : new int[] {1, 2, 3, 4, 65, 66, 67, 100, 130, 1000, 5000}) {
                for (int pattern = 0; pattern < 7; pattern++) {
                    int[] drawn = new int[k];
                    for (int i = 0; i < k; i++) {
                        long value = switch (pattern) {
                            case 0 -> (long) (k - 1 - i) * (width - 1) / Math.max(1, k - 1); // descending
                            case 1 -> (long) i * (width - 1) / Math.max(1, k - 1);           // ascending
                            case 2 -> width - 1 - Math.min(i, width - 1);                     // the top, falling
                            case 3 -> (long) ((i / 8) * 8 + 7 - i % 8) * (width - 1) / Math.max(1, k - 1 + 7);
                            case 4 -> width / 2;                                              // all equal
                            case 5 -> i % 2 == 0 ? 0 : width - 1;                             // the extremes
                            default -> random.nextInt(width);
                        };
                        drawn[i] = (int) Math.min(width - 1, value);
                    }
                    int[] expected = drawn.clone();
                    Arrays.sort(expected);
                    int[] out = new int[k];
                    sampler.sampleWithReplacement(new Scripted(drawn), width, k, out);
                    assertArrayEquals(expected, out, "pattern " + pattern + ", width " + width + ", k " + k);
                }
            }
        }
    }

    /** A stream whose bounded draws are the given values, in order. */
    private static final class Scripted implements RowRandom {
        private final int[] values;

        Scripted(int[] values) {
            this.values = values;
        }

        @Override
        public void fillBelow(int[] out, int from, int to, long bound) {
            System.arraycopy(values, 0, out, from, to - from);
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only fillBelow");
        }

        @Override
        public double nextGaussian() {
            throw new UnsupportedOperationException("only fillBelow");
        }
    }

    private static RowRandom stream(boolean aes, long key) {
        return aes ? new AesRowRandom(3, RandomStream.PRE_SAMPLE).reset(key)
                : new KeyedRandom(3, RandomStream.PRE_SAMPLE).reset(key);
    }

    /** The bucket method with k close to the width redraws duplicates, and is still uniform (above). */
    @Test
    void bucketMethodRedrawsDuplicates() {
        DistinctSampler sampler = new DistinctSampler(BUCKET);
        int[] out = new int[6];
        int samples = 1000;
        // 6 distinct of 7 takes 7 (1/1 + 7/6 + ... + 7/2 = 13.15 on average) uniform draws, so redraws are certain.
        Counting counted = new Counting(new KeyedRandom(5, RandomStream.PRE_SAMPLE));
        for (int s = 0; s < samples; s++) {
            sampler.sample(counted, 7, 6, out);
        }
        assertTrue(counted.draws > 10L * samples, "only " + counted.draws + " draws for " + samples + " rows");
    }

    /**
     * Pairs from the full 31-bit range: with k = 2 the sorted pair (x1, x2) / width is uniform on the triangle
     * x1 < x2, i.e. on a 16 x 16 grid probability 2/256 above the diagonal and 1/256 on it. Tests the high-bit
     * bucketing and the range reduction at the largest width. Two tests, alpha 0.001 / 2 each.
     */
    @Test
    void pairsFromTheFullRangeAreUniform() {
        assertUniformPairs(new DistinctSampler(BUCKET), "bucket", 77, Stats.ALPHA / 2);
        assertUniformPairs(new DistinctSampler(), "default", 78, Stats.ALPHA / 2);
    }

    private static void assertUniformPairs(DistinctSampler sampler, String what, long seed, double alpha) {
        int samples = 60_000;
        long[] counts = new long[256];
        int[] out = new int[2];
        KeyedRandom random = new KeyedRandom(seed, RandomStream.PRE_SAMPLE);
        for (int s = 0; s < samples; s++) {
            sampler.sample(random.reset(s), MAX_WIDTH, 2, out);
            counts[(int) (out[0] * 16L / MAX_WIDTH) * 16 + (int) (out[1] * 16L / MAX_WIDTH)]++;
        }
        double[] p = new double[256];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                p[i * 16 + j] = i < j ? 2 / 256.0 : i == j ? 1 / 256.0 : 0;
            }
        }
        Stats.assertChiSquare(what + ", pairs of [0, 2^31 - 1)", p, counts, alpha);
    }

    /**
     * Frequencies of all C(width, k) subsets from 150 samples each on average (at least 20,000 in all), one key per
     * sample as in production. A subset is counted at its rank in the combinatorial number system,
     * {@code sum of C(out[i], i + 1)}.
     */
    private static void assertUniformSubsets(DistinctSampler sampler, String method, int width, int k, long seed,
            double alpha) {
        long[][] binomial = new long[width + 1][width + 2];
        for (int n = 0; n <= width; n++) {
            binomial[n][0] = 1;
            for (int j = 1; j <= n; j++) {
                binomial[n][j] = binomial[n - 1][j - 1] + binomial[n - 1][j];
            }
        }
        int subsets = Math.toIntExact(binomial[width][k]);
        int samples = Math.max(20_000, 150 * subsets);
        long[] counts = new long[subsets];
        int[] out = new int[k];
        KeyedRandom random = new KeyedRandom(seed, RandomStream.PRE_SAMPLE);
        for (int s = 0; s < samples; s++) {
            sampler.sample(random.reset(s), width, k, out);
            long rank = 0;
            for (int i = 0; i < k; i++) {
                assertTrue(out[i] >= 0 && out[i] < width && (i == 0 || out[i - 1] < out[i]), Arrays.toString(out));
                rank += binomial[out[i]][i + 1];
            }
            counts[(int) rank]++;
        }
        double[] p = new double[subsets];
        Arrays.fill(p, 1.0 / subsets);
        // Subsets never drawn are left at count 0 and still expected: they count against uniformity.
        Stats.assertChiSquare(method + " method, width " + width + ", k " + k, p, counts, alpha);
    }
}
