package org.connectome.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/**
 * {@link Binomial} against exact pmfs (Commons Math's) by chi-square, in both of its regimes (inversion for
 * n min(p, 1-p) < 30, BTPE above) and for p above 1/2; 64-bit trial counts by a z-test of the mean and the
 * variance, where no int pmf exists.
 *
 * <p>Significance: {@value #TESTS} assertions, each at alpha = 0.001 / {@value #TESTS}; fixed seeds. Broken once on
 * purpose: BTPE with its parallelograms 0.7 times as high (a hat below the pmf) fails the BTPE case n = 100,000.
 */
class BinomialTest {
    private static final int TESTS = 10;
    private static final double ALPHA_EACH = 0.001 / TESTS;
    private static final int DRAWS = 200_000;

    @Test
    void matchesTheExactPmf() {
        int[][] trials = {{10, 0}, {200, 0}, {1000, 0}, {100_000, 0}, {45_000_000, 0}, {60, 0}};
        double[] ps = {0.3, 0.01, 0.5, 0.002, 1e-5, 0.9};
        int tests = 0;
        for (int c = 0; c < ps.length; c++) {
            int n = trials[c][0];
            double p = ps[c];
            tests += chiSquare(n, p, 1000L * c + 1);
        }
        // p above 1/2 in the BTPE regime, and a small n where inversion restarts are possible.
        tests += chiSquare(500, 0.8, 9001);
        tests += chiSquare(3, 0.5, 9002);
        assertEquals(8, tests);
    }

    private int chiSquare(int n, double p, long seed) {
        BinomialDistribution law = new BinomialDistribution(n, p);
        KeyedRandom random = new KeyedRandom(seed, RandomStream.SPLIT_TREE);
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        int lo = (int) Math.max(0, Math.floor(mean - 8 * sd - 2));
        int hi = (int) Math.min(n, Math.ceil(mean + 8 * sd + 2));
        long[] counts = new long[hi - lo + 1];
        for (int i = 0; i < DRAWS; i++) {
            long x = Binomial.sample(random.reset(i), n, p);
            assertTrue(x >= lo && x <= hi, "Binomial(" + n + ", " + p + ") gave " + x);
            counts[(int) (x - lo)]++;
        }
        // Categories expecting at least 5, the tails pooled into their neighbours.
        List<double[]> groups = new ArrayList<>();
        double expected = law.cumulativeProbability(lo - 1) * DRAWS;
        long seen = 0;
        for (int k = lo; k <= hi; k++) {
            expected += law.probability(k) * DRAWS;
            seen += counts[k - lo];
            if (expected >= 5) {
                groups.add(new double[] {expected, seen});
                expected = 0;
                seen = 0;
            }
        }
        double[] last = groups.get(groups.size() - 1);
        last[0] += expected + (1 - law.cumulativeProbability(hi)) * DRAWS;
        last[1] += seen;
        double[] e = groups.stream().mapToDouble(g -> g[0]).toArray();
        long[] o = groups.stream().mapToLong(g -> (long) g[1]).toArray();
        double pValue = e.length < 2 ? 1 : new ChiSquareTest().chiSquareTest(e, o);
        assertTrue(pValue > ALPHA_EACH, "Binomial(" + n + ", " + p + "): chi-square p = " + pValue);
        return 1;
    }

    @Test
    void sixtyFourBitTrialsHaveTheRightMeanAndVariance() {
        long n = 1L << 45;
        double p = 3e-7;
        KeyedRandom random = new KeyedRandom(5, RandomStream.SPLIT_TREE);
        double sum = 0;
        double sumSquares = 0;
        int draws = 100_000;
        double mean = n * p;
        for (int i = 0; i < draws; i++) {
            double x = Binomial.sample(random.reset(i), n, p) - mean;
            sum += x;
            sumSquares += x * x;
        }
        double variance = n * p * (1 - p);
        double zMean = (sum / draws) / Math.sqrt(variance / draws);
        // The sample variance of a near-normal law has variance 2 sigma^4 / draws.
        double zVariance = (sumSquares / draws - variance) / (variance * Math.sqrt(2.0 / draws));
        double bound = 4.06; // two-sided normal quantile of 1 - 0.0001 / 2 (alpha_each for two assertions)
        assertTrue(Math.abs(zMean) < bound, "mean z = " + zMean);
        assertTrue(Math.abs(zVariance) < bound, "variance z = " + zVariance);
    }

    @Test
    void edgesAndBadArguments() {
        KeyedRandom random = new KeyedRandom(1, RandomStream.SPLIT_TREE);
        assertEquals(0, Binomial.sample(random, 0, 0.5));
        assertEquals(0, Binomial.sample(random, 1L << 62, 0));
        assertEquals(1L << 62, Binomial.sample(random, 1L << 62, 1));
        assertThrows(IllegalArgumentException.class, () -> Binomial.sample(random, -1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Binomial.sample(random, 5, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Binomial.sample(random, 5, Double.NaN));
    }
}
