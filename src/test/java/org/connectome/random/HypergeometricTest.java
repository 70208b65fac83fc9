package org.connectome.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/**
 * Distribution tests of {@link Hypergeometric}. All tests are deterministic (fixed seeds of {@link KeyedRandom},
 * stream {@link RandomStream#SPLIT_TREE}, one key per sample as in production). Every statistical assertion has
 * a stated significance, so a correct sampler fails it with at most that probability for a random seed, and a
 * sampler with a wrong law fails it with high probability.
 *
 * <p>The reference pmf is computed here independently of the sampler's log-factorials: by the exact ratio
 * recurrence {@code f(k+1)/f(k) = (K-k)(n-k) / ((k+1)(N-K-n+k+1))} walked outwards from the mode.
 */
class HypergeometricTest {
    private static final long P40 = 1L << 40;
    private static final long P41 = 1L << 41;
    private static final long P61 = 1L << 61;
    private static final long P62 = 1L << 62;
    /** Significance of each chi-square and moment test. */
    private static final double ALPHA = 0.001;
    private static final int SAMPLES = 100_000;

    // ---------------------------------------------------------------------------------------------------------
    // Goodness of fit against the exact pmf

    /** Small populations, both methods and all symmetries. Chi-square, alpha = 0.001 each, seeds 101.. . */
    @Test
    void chiSquareSmallPopulations() {
        long[][] cases = {
            {5, 7, 4},          // sequential
            {20, 30, 15},       // HRUA
            {1000, 2000, 500},  // HRUA
            {50, 50, 99},       // sequential on the complement (1 item left behind)
            {10, 10, 10},       // HRUA at the smallest population it is used for
            {30, 20, 35},       // HRUA, good > bad and draws > total / 2
            {2000, 1000, 2500}, // HRUA, good > bad and draws > total / 2
            {7, 1000, 9},       // sequential, rare good items
            {1000, 7, 990},     // sequential on the complement, rare bad items
            {3, 5000, 2600},    // HRUA, tiny support
        };
        long seed = 101;
        for (long[] c : cases) {
            assertChiSquare(c[0], c[1], c[2], SAMPLES, seed++);
        }
    }

    /** Populations above 2^40. Chi-square, alpha = 0.001 each, seeds 201.. . */
    @Test
    void chiSquareLargePopulations() {
        long total = P41 + 3 * P40;
        long[][] cases = {
            {P41, 3 * P40, 1000},
            {P41, 3 * P40, 1_000_000},
            {P41, 3 * P40, 5},                      // sequential
            {P41, 3 * P40, total - 3},              // sequential on the complement
            {3 * P40, P41, total - 1_000_000},      // HRUA with both symmetries
            {100, P62 - 100, P61},                  // HRUA, tiny good count in a 2^62 population
            {1L << 52, P62 - (1L << 52), 20},       // HRUA, mean 0.02, huge factorial arguments
        };
        long seed = 201;
        for (long[] c : cases) {
            assertChiSquare(c[0], c[1], c[2], SAMPLES, seed++);
        }
    }

    /** Populations near 2^62, where a plain difference of log-factorial sums has no digit left. Alpha 0.001. */
    @Test
    void chiSquareNear2To62() {
        assertChiSquare(P61, P61 - 1, 1_000_000_000L, SAMPLES, 301);
        assertChiSquare(P61 - 1, P61, 1_000_000_000_000L, SAMPLES, 302);
        assertChiSquare(P62 - P40, P40, 1_000_000_000_000L, SAMPLES, 303);
    }

    /**
     * Every population with good, bad <= 5 and every draw count, plus good = bad = 10 with every draw count (the
     * switch between methods). Chi-square with a Bonferroni-corrected alpha = 0.001 / (number of cases) each, so
     * the family fails with probability <= 0.001; 10^4 samples per case; seed 401.. .
     */
    @Test
    void exhaustiveTinyPopulations() {
        List<long[]> cases = new ArrayList<>();
        for (long good = 0; good <= 5; good++) {
            for (long bad = 0; bad <= 5; bad++) {
                for (long draws = 0; draws <= good + bad; draws++) {
                    cases.add(new long[] {good, bad, draws});
                }
            }
        }
        for (long draws = 0; draws <= 20; draws++) {
            cases.add(new long[] {10, 10, draws});
        }
        long nonDegenerate = cases.stream().filter(c -> Math.max(0, c[2] - c[1]) < Math.min(c[2], c[0])).count();
        double alpha = ALPHA / nonDegenerate;
        long seed = 401;
        for (long[] c : cases) {
            long good = c[0];
            long bad = c[1];
            long draws = c[2];
            long lo = Math.max(0, draws - bad);
            long hi = Math.min(draws, good);
            if (lo == hi) {
                KeyedRandom rng = new KeyedRandom(seed++, RandomStream.SPLIT_TREE);
                for (int i = 0; i < 100; i++) {
                    assertEquals(lo, Hypergeometric.sample(rng.reset(i), good, bad, draws),
                            "degenerate case " + good + "," + bad + "," + draws);
                }
            } else {
                assertChiSquare(good, bad, draws, 10_000, seed++, alpha);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Moments near 2^62

    /**
     * Mean n K / N and variance n K/N (N-K)/N (N-n)/(N-1) at populations near 2^62, within 5 standard errors
     * (two-sided significance ~6e-7 each under normality); 2 * 10^5 samples, seeds 501.. .
     */
    @Test
    void momentsNear2To62() {
        assertMoments(P61, P61 - 1, 1_000_000_000L, 200_000, 501);
        assertMoments(P61, P61 - 1, P61, 200_000, 502);
        assertMoments(P61 - 1, P61, P61 + 12_345, 200_000, 503);
        assertMoments(P62 - (1L << 50), 1L << 50, 1_000_000_000_000L, 200_000, 504);
        assertMoments(1L << 50, P62 - (1L << 50), P62 - 1_000_000_000_000L, 200_000, 505);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Edge cases and preconditions

    @Test
    void edgeCases() {
        KeyedRandom rng = new KeyedRandom(601, RandomStream.SPLIT_TREE);
        long[][] totals = {{0, 0}, {1, 0}, {0, 1}, {3, 4}, {P61, P61}, {P62, 0}, {0, P62}, {12345, P62 - 12345}};
        for (long[] t : totals) {
            long good = t[0];
            long bad = t[1];
            long total = good + bad;
            for (int i = 0; i < 20; i++) {
                rng.reset(i);
                assertEquals(0, Hypergeometric.sample(rng, good, bad, 0));
                assertEquals(good, Hypergeometric.sample(rng, good, bad, total));
                assertEquals(0, Hypergeometric.sample(rng, 0, total, total / 2));
                assertEquals(total / 3, Hypergeometric.sample(rng, total, 0, total / 3));
            }
        }
        assertEquals(1, Hypergeometric.sample(rng, 1, 0, 1));
        assertEquals(0, Hypergeometric.sample(rng, 0, 1, 1));
    }

    /** Random parameters of every magnitude up to 2^62: the result always lies in the support. */
    @Test
    void alwaysInSupport() {
        KeyedRandom params = new KeyedRandom(701, RandomStream.SPLIT_TREE);
        KeyedRandom rng = new KeyedRandom(702, RandomStream.SPLIT_TREE);
        for (int i = 0; i < 50_000; i++) {
            params.reset(i);
            long total = params.nextLong(P62 >>> params.nextInt(62)) + 1;   // log-uniform-ish magnitude
            total = Math.min(total, P62);
            long good = params.nextLong(total + 1);
            long bad = total - good;
            long draws = switch (params.nextInt(4)) {
                case 0 -> Math.min(total, params.nextInt(30));
                case 1 -> Math.max(0, total - params.nextInt(30));
                default -> params.nextLong(total + 1);
            };
            long x = Hypergeometric.sample(rng.reset(i), good, bad, draws);
            long lo = Math.max(0, draws - bad);
            long hi = Math.min(draws, good);
            assertTrue(x >= lo && x <= hi, "out of support: " + x + " for " + good + "," + bad + "," + draws);
        }
    }

    /** The result is a pure function of the generator's state. */
    @Test
    void reproducible() {
        KeyedRandom a = new KeyedRandom(801, RandomStream.SPLIT_TREE);
        KeyedRandom b = new KeyedRandom(801, RandomStream.SPLIT_TREE);
        for (int i = 0; i < 1000; i++) {
            assertEquals(Hypergeometric.sample(a.reset(i), P61, P61 - 1, 1_000_000_000L + i),
                    Hypergeometric.sample(b.reset(i), P61, P61 - 1, 1_000_000_000L + i));
        }
    }

    @Test
    void preconditionsRejected() {
        KeyedRandom rng = new KeyedRandom(901, RandomStream.SPLIT_TREE);
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.sample(rng, -1, 5, 2));
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.sample(rng, 5, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.sample(rng, 5, 5, -1));
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.sample(rng, 5, 5, 11));
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.sample(rng, P62, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.sample(rng, 1, P62, 1));
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.sample(rng, P61 + 1, P61, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Hypergeometric.sample(rng, Long.MAX_VALUE, Long.MAX_VALUE, 1));
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.sample(rng, 0, 0, 1));
        assertEquals(P62 / 2, Hypergeometric.sample(rng, P62, 0, P62 / 2));   // 2^62 itself is allowed
    }

    // ---------------------------------------------------------------------------------------------------------
    // Numerical helpers

    /** ln(x!) - ln(y!) against exact products for small and mid-size arguments (table, mixed and Stirling). */
    @Test
    void logFactorialDifferenceSmallAndMid() {
        long[][] pairs = {
            {0, 0}, {1, 0}, {0, 1}, {5, 3}, {3, 5}, {10, 0}, {1023, 1022}, {1024, 1023}, {1023, 1024},
            {1025, 1020}, {1500, 500}, {2000, 0}, {2047, 1000}, {3000, 1024}, {1100, 1030}, {5000, 4000},
            {1_000_000, 995_000}, {1_000_000, 999_999}, {123_456_789, 123_450_000},
        };
        for (long[] p : pairs) {
            double expected = exactLogFactorialDifference(p[0], p[1]);
            double actual = Hypergeometric.logFactorialDifference(p[0], p[1]);
            assertEquals(expected, actual, 2e-12 + 1e-14 * Math.abs(expected), "lfd" + p[0] + "," + p[1]);
        }
        assertEquals(Math.log(20), Hypergeometric.logFactorialDifference(5, 3), 1e-14);
        for (int k = 0; k < 3000; k += 7) {
            double expected = exactLogFactorialDifference(k, 0);
            assertEquals(expected, Hypergeometric.logFactorial(k), 2e-12 + 1e-14 * expected, "lf" + k);
        }
    }

    /** ln(x!) - ln(y!) with x, y near 2^62 (each log-factorial ~1.8e20) against exact products. */
    @Test
    void logFactorialDifferenceHuge() {
        long[] tops = {P62, P62 - 1, P61 + 12_345, 1_000_000_000_000_000L, 1L << 40};
        long[] gaps = {1, 2, 17, 1000, 2000};
        for (long x : tops) {
            for (long d : gaps) {
                long y = x - d;
                double expected = exactLogFactorialDifference(x, y);
                assertEquals(expected, Hypergeometric.logFactorialDifference(x, y),
                        1e-12 + 1e-14 * Math.abs(expected), "lfd " + x + "," + y);
                assertEquals(-expected, Hypergeometric.logFactorialDifference(y, x),
                        1e-12 + 1e-14 * Math.abs(expected), "lfd " + y + "," + x);
            }
            assertEquals(Math.log((double) x), Hypergeometric.logFactorialDifference(x, x - 1), 1e-14 * 44);
        }
        // Large gaps: no cancellation, so Commons Math's log-gamma is an independent reference.
        long[][] far = {{P62, 1 << 20}, {1_000_000_000_000_000L, 1000}, {1_000_000_000L, 5000}, {P62, P61}};
        for (long[] p : far) {
            double expected = Gamma.logGamma(p[0] + 1.0) - Gamma.logGamma(p[1] + 1.0);
            assertEquals(expected, Hypergeometric.logFactorialDifference(p[0], p[1]), 1e-13 * Math.abs(expected));
        }
        // Additivity of differences near 2^62 with gaps of 10^6 (result ~4e7; no cancellation to hide behind).
        long a = P62;
        long b = P62 - 1_000_000;
        long c = P62 - 3_000_000;
        double ac = Hypergeometric.logFactorialDifference(a, c);
        assertEquals(ac, Hypergeometric.logFactorialDifference(a, b) + Hypergeometric.logFactorialDifference(b, c),
                1e-14 * ac);
        // Sum of 3e6 logs of numbers with relative spread 7e-13: d ln(midpoint), exact to ~1e-25 relative.
        assertEquals(3_000_000 * Math.log(P62 - 1.5e6), ac, 1e-14 * ac);
    }

    /** The exact floor(a b / c) used for the mode and the mean, against BigInteger, with products beyond 2^63. */
    @Test
    void floorMulDivExact() {
        KeyedRandom rng = new KeyedRandom(1001, RandomStream.SPLIT_TREE);
        for (int i = 0; i < 200_000; i++) {
            rng.reset(i);
            long c = rng.nextLong(P62 >>> rng.nextInt(62)) + 1;   // divisor of any magnitude
            c = Math.min(c + 2, P62 + 2);
            long a = rng.nextLong(c);
            long b = rng.nextLong(c);
            if (rng.nextInt(4) == 0) {
                a = c - 1 - rng.nextInt((int) Math.min(c, 5));   // near-integral quotients
                b = c - 1;
            }
            long expected = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c))
                    .longValueExact();
            assertEquals(expected, Hypergeometric.floorMulDiv(a, b, c), a + "*" + b + "/" + c);
        }
        // Exact multiples (remainder 0), remainders c - 1 and products near 2^124.
        long[][] special = {
            {P61 + 3, P61 - 3, P61 - 3}, {P61 + 3, P61 - 3, P61 - 2}, {P62 - 1, P62 - 1, P62}, {P62, P62 - 1, P62 + 2},
            {P61 + 1, P61 + 1, P62 + 2}, {P61, P61 + 1, P62 + 2}, {0, P62, P62}, {1, 1, 1}, {6, 7, 42}, {6, 7, 43},
        };
        for (long[] t : special) {
            long expected = BigInteger.valueOf(t[0]).multiply(BigInteger.valueOf(t[1]))
                    .divide(BigInteger.valueOf(t[2])).longValueExact();
            assertEquals(expected, Hypergeometric.floorMulDiv(t[0], t[1], t[2]), t[0] + "*" + t[1] + "/" + t[2]);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Test machinery

    private static void assertChiSquare(long good, long bad, long draws, int samples, long seed) {
        assertChiSquare(good, bad, draws, samples, seed, ALPHA);
    }

    /**
     * Chi-square goodness of fit of {@code samples} draws (generator seed {@code seed}, key = sample index) to
     * the exact pmf, in bins of width ~sd/5 (1 for small sd), merged left to right so each expected count is
     * at least 5.
     */
    private static void assertChiSquare(long good, long bad, long draws, int samples, long seed, double alpha) {
        long total = good + bad;
        long lo = Math.max(0, draws - bad);
        long hi = Math.min(draws, good);
        long mode = BigInteger.valueOf(draws + 1).multiply(BigInteger.valueOf(good + 1))
                .divide(BigInteger.valueOf(total + 2)).longValueExact();
        mode = Math.max(lo, Math.min(hi, mode));
        double p = (double) good / total;
        double sd = Math.sqrt(draws * p * (1 - p) * ((double) (total - draws) / Math.max(1, total - 1)));
        long width = Math.max(1, (long) (sd / 5));
        long span = (long) Math.ceil(15 * sd / width) + 2;
        long jLo = Math.max(-span, Math.floorDiv(lo - mode, width));
        long jHi = Math.min(span, Math.floorDiv(hi - mode, width));
        int bins = (int) (jHi - jLo + 1);
        double[] prob = new double[bins];

        // Unnormalized pmf relative to the mode, walked outwards until negligible (the pmf is unimodal).
        double w = 1.0;
        prob[bin(mode, mode, width, jLo, jHi)] += w;
        for (long k = mode; k < hi; k++) {
            w *= ((double) (good - k) / (k + 1)) * ((double) (draws - k) / (bad - draws + k + 1));
            if (w < 1e-30) {
                break;
            }
            prob[bin(k + 1, mode, width, jLo, jHi)] += w;
        }
        w = 1.0;
        for (long k = mode; k > lo; k--) {
            w *= ((double) k / (good - k + 1)) * ((double) (bad - draws + k) / (draws - k + 1));
            if (w < 1e-30) {
                break;
            }
            prob[bin(k - 1, mode, width, jLo, jHi)] += w;
        }
        double sum = 0;
        for (double v : prob) {
            sum += v;
        }

        // Merge bins left to right into groups of expected count >= 5; a short tail joins the last group.
        int[] groupOf = new int[bins];
        List<Double> expectedGroups = new ArrayList<>();
        double acc = 0;
        for (int j = 0; j < bins; j++) {
            groupOf[j] = expectedGroups.size();
            acc += samples * prob[j] / sum;
            if (acc >= 5) {
                expectedGroups.add(acc);
                acc = 0;
            }
        }
        int groups = expectedGroups.size();
        assertTrue(groups >= 2, "degenerate test " + good + "," + bad + "," + draws);
        if (acc > 0 || groupOf[bins - 1] == groups) {
            expectedGroups.set(groups - 1, expectedGroups.get(groups - 1) + acc);
            for (int j = 0; j < bins; j++) {
                groupOf[j] = Math.min(groupOf[j], groups - 1);
            }
        }
        double[] expected = new double[groups];
        for (int g = 0; g < groups; g++) {
            expected[g] = expectedGroups.get(g);
        }

        long[] observed = new long[groups];
        KeyedRandom rng = new KeyedRandom(seed, RandomStream.SPLIT_TREE);
        for (int i = 0; i < samples; i++) {
            long x = Hypergeometric.sample(rng.reset(i), good, bad, draws);
            if (x < lo || x > hi) {
                throw new AssertionError("out of support: " + x + " for " + good + "," + bad + "," + draws);
            }
            observed[groupOf[bin(x, mode, width, jLo, jHi)]]++;
        }
        double pValue = new ChiSquareTest().chiSquareTest(expected, observed);
        assertTrue(pValue > alpha, "chi-square p = " + pValue + " < " + alpha + " for (good, bad, draws) = ("
                + good + ", " + bad + ", " + draws + "), " + groups + " bins, seed " + seed);
    }

    private static int bin(long k, long mode, long width, long jLo, long jHi) {
        long j = Math.floorDiv(k - mode, width);
        return (int) (Math.max(jLo, Math.min(jHi, j)) - jLo);
    }

    /**
     * Sample mean and variance against the exact values (computed in BigDecimal), within 5 standard errors:
     * se(mean) = sd / sqrt(S), se(variance) = variance * sqrt(2 / (S - 1)) (normal kurtosis, which these
     * near-normal laws have to within 1e-6).
     */
    private static void assertMoments(long good, long bad, long draws, int samples, long seed) {
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal bigN = BigDecimal.valueOf(good + bad);
        BigDecimal bigK = BigDecimal.valueOf(good);
        BigDecimal bign = BigDecimal.valueOf(draws);
        BigDecimal mean = bign.multiply(bigK).divide(bigN, mc);
        BigDecimal variance = mean.multiply(bigN.subtract(bigK)).divide(bigN, mc)
                .multiply(bigN.subtract(bign)).divide(bigN.subtract(BigDecimal.ONE), mc);
        long center = mean.setScale(0, RoundingMode.FLOOR).longValueExact();
        double meanOffset = mean.subtract(BigDecimal.valueOf(center)).doubleValue();
        double var = variance.doubleValue();

        // Welford on the exact deviations from the centre.
        KeyedRandom rng = new KeyedRandom(seed, RandomStream.SPLIT_TREE);
        double m = 0;
        double s = 0;
        for (int i = 0; i < samples; i++) {
            double dev = Hypergeometric.sample(rng.reset(i), good, bad, draws) - center;
            double delta = dev - m;
            m += delta / (i + 1);
            s += delta * (dev - m);
        }
        double sampleVar = s / (samples - 1);
        double seMean = Math.sqrt(var / samples);
        double seVar = var * Math.sqrt(2.0 / (samples - 1));
        String params = "(good, bad, draws) = (" + good + ", " + bad + ", " + draws + "), seed " + seed;
        assertEquals(meanOffset, m, 5 * seMean, "mean offset from " + center + ", " + params);
        assertEquals(var, sampleVar, 5 * seVar, "variance, " + params);
    }

    /** ln(x!) - ln(y!) from the exact product of y+1..x (or its inverse), as a double. */
    private static double exactLogFactorialDifference(long x, long y) {
        if (x == y) {
            return 0;
        }
        long lo = Math.min(x, y);
        long hi = Math.max(x, y);
        BigInteger product = BigInteger.ONE;
        for (long k = lo + 1; k <= hi; k++) {
            product = product.multiply(BigInteger.valueOf(k));
        }
        int shift = Math.max(0, product.bitLength() - 62);
        double ln = Math.log(product.shiftRight(shift).doubleValue())
                + new BigDecimal(shift).multiply(new BigDecimal("0.693147180559945309417232121458176568")).doubleValue();
        return x > y ? ln : -ln;
    }
}
