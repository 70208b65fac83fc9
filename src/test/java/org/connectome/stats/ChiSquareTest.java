package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.connectome.random.KeyedRandom;
import org.connectome.random.RandomStream;
import org.connectome.model.Distribution;
import org.junit.jupiter.api.Test;

/** {@link ChiSquare}'s p-values and pooling, and {@link ContinuousLaw#of}'s bounded laws, against Commons Math. */
class ChiSquareTest {
    @Test
    void pValuesAreCommonsMathsChiSquareTails() {
        for (int dof : new int[] {1, 2, 5, 30, 200, 5000}) {
            ChiSquaredDistribution law = new ChiSquaredDistribution(dof);
            for (double x : new double[] {0.01, 0.5, dof / 2.0, dof, 2.0 * dof, 4.0 * dof + 40}) {
                double expected = 1 - law.cumulativeProbability(x);
                double tail = ChiSquare.upperGamma(dof / 2.0, x / 2);
                assertEquals(expected, tail, 1e-12 + 1e-8 * expected, "dof " + dof + ", x " + x);
            }
        }
        assertEquals(Math.exp(-50), ChiSquare.upperGamma(1, 50), 1e-30); // Q(1, x) = e^-x, far in the tail
    }

    @Test
    void sparseCellsArePooledUntilEachExpectsFive() {
        // Expected 1, 2, 3 | 10 | 4, 0.5 ->  pooled 6 (1+2+3), 10, 4.5 (4 + 0.5 joins its left neighbour? no:
        // the short end joins the last full cell) = cells {6, 10 + 4.5}.
        ChiSquare test = ChiSquare.test(new long[] {1, 2, 3, 10, 4, 0}, new double[] {1, 2, 3, 10, 4, 0.5});
        assertEquals(2, test.cells());
        double expected = 0 + Math.pow(14 - 14.5, 2) / 14.5;
        assertEquals(expected, test.statistic(), 1e-12);
        assertEquals(1, ChiSquare.test(new long[] {3}, new double[] {3}).pValue());
    }

    @Test
    void aSampleOfTheLawPassesAndAShiftedOneFails() {
        var random = new KeyedRandom(5, RandomStream.RECURRENT_WEIGHT).reset(1);
        int n = 100_000;
        double[] expected = new double[12];
        long[] observed = new long[12];
        long[] shifted = new long[12];
        NormalDistribution normal = new NormalDistribution(null, 0, 1, 1e-9);
        for (int i = 0; i < 12; i++) {
            double low = i == 0 ? Double.NEGATIVE_INFINITY : -3 + 0.6 * (i - 1);
            double high = i == 11 ? Double.POSITIVE_INFINITY : -3 + 0.6 * i;
            expected[i] = n * (cdf(normal, high) - cdf(normal, low));
        }
        var gaussian = org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(random);
        for (int i = 0; i < n; i++) {
            double x = gaussian.sample();
            observed[cell(x)]++;
            shifted[cell(x * 1.03)]++;
        }
        assertTrue(ChiSquare.test(observed, expected).pValue() > 1e-3);
        assertTrue(ChiSquare.test(shifted, expected).pValue() < 1e-6);
    }

    private static int cell(double x) {
        return x < -3 ? 0 : x >= 3 ? 11 : (int) Math.floor((x + 3) / 0.6) + 1;
    }

    private static double cdf(NormalDistribution normal, double x) {
        return Double.isInfinite(x) ? (x > 0 ? 1 : 0) : normal.cumulativeProbability(x);
    }

    @Test
    void boundedLawsHaveTheTruncatedMomentsAndQuantiles() {
        // A normal truncated to [0, inf): mean mu + sigma phi(a) / (1 - Phi(a)), a = -mu / sigma.
        double mu = 0.05;
        double sigma = 0.1;
        ContinuousLaw.Bounded law = (ContinuousLaw.Bounded) ContinuousLaw.of(Distribution.normal(mu, sigma)
                .bounded(0, Double.POSITIVE_INFINITY));
        NormalDistribution standard = new NormalDistribution(null, 0, 1, 1e-9);
        double a = -mu / sigma;
        double tail = 1 - standard.cumulativeProbability(a);
        double lambda = standard.density(a) / tail;
        assertEquals(mu + sigma * lambda, law.mean(), 1e-6);
        assertEquals(sigma * Math.sqrt(1 + a * lambda - lambda * lambda), law.standardDeviation(), 1e-6);
        assertEquals(0, law.cdf(0), 1e-12);
        assertEquals(0.5, law.cdf(law.quantile(0.5)), 1e-9);
        // A lognormal of mean 0.5 and std 0.3 has those moments.
        ContinuousLaw logNormal = ContinuousLaw.of(Distribution.lognormal(0.5, 0.3));
        assertEquals(0.5, logNormal.mean(), 1e-5);
        assertEquals(0.3, logNormal.standardDeviation(), 1e-5);
        ContinuousLaw uniform = ContinuousLaw.of(Distribution.uniform(1, 3));
        assertEquals(2, uniform.mean(), 1e-9);
        assertEquals(2 / Math.sqrt(12), uniform.standardDeviation(), 1e-9);
        assertEquals(0.25, uniform.cdf(1.5), 1e-12);
    }
}
