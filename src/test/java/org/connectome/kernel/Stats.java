package org.connectome.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.math3.util.CombinatoricsUtils;

/** Goodness-of-fit assertions shared by the kernel tests. */
final class Stats {
    /** Significance of one test method's family of assertions unless a test says otherwise. */
    static final double ALPHA = 0.001;

    private Stats() {
    }

    /**
     * Chi-square goodness of fit of {@code observed} to the probabilities {@code probabilities} (which must sum to
     * 1 up to rounding). Categories of probability 0 must be empty. Adjacent categories are merged, in order, until
     * each group expects at least 5 (a trailing short group joins the previous one), which suits histograms of
     * ordered values; categories that all expect 5 or more stay as they are.
     *
     * @return the p-value
     */
    static double chiSquare(String what, double[] probabilities, long[] observed) {
        assertEquals(probabilities.length, observed.length, what + ": category counts");
        long total = 0;
        double mass = 0;
        for (int i = 0; i < observed.length; i++) {
            total += observed[i];
            mass += probabilities[i];
            if (probabilities[i] == 0) {
                assertEquals(0, observed[i], what + ": category " + i + " has probability 0 but was observed");
            }
        }
        assertEquals(1.0, mass, 1e-9, what + ": probabilities do not sum to 1");
        List<double[]> groups = new ArrayList<>(); // {expected, observed}
        double expected = 0;
        long seen = 0;
        for (int i = 0; i < observed.length; i++) {
            expected += probabilities[i] * total;
            seen += observed[i];
            if (expected >= 5) {
                groups.add(new double[] {expected, seen});
                expected = 0;
                seen = 0;
            }
        }
        if (expected > 0 || seen > 0) {
            assertTrue(!groups.isEmpty(), what + ": fewer than 5 expected in all; take more samples");
            double[] last = groups.get(groups.size() - 1);
            last[0] += expected;
            last[1] += seen;
        }
        assertTrue(groups.size() >= 2, what + ": a single category after merging; nothing to test");
        double[] e = new double[groups.size()];
        long[] o = new long[groups.size()];
        for (int g = 0; g < e.length; g++) {
            e[g] = groups.get(g)[0];
            o[g] = (long) groups.get(g)[1];
        }
        return new ChiSquareTest().chiSquareTest(e, o);
    }

    static void assertChiSquare(String what, double[] probabilities, long[] observed, double alpha) {
        double p = chiSquare(what, probabilities, observed);
        report(what, p);
        assertTrue(p > alpha, what + ": chi-square p = " + p + " <= alpha = " + alpha);
    }

    /** With -Dconnectome.test.verbose=true, prints each p-value (to see how far a test is from failing). */
    static void report(String what, double p) {
        if (Boolean.getBoolean("connectome.test.verbose")) {
            System.err.printf("p = %.4g  %s%n", p, what);
        }
    }

    /** P(X = k), k = 0 .. max, of the hypergeometric law of one row's count: W cells of N W, N_syn drawn. */
    static double[] rowCountPmf(int neurons, int rowWidth, int synapses) {
        HypergeometricDistribution law =
                new HypergeometricDistribution(null, neurons * rowWidth, rowWidth, synapses);
        double[] pmf = new double[rowWidth + 1];
        for (int k = 0; k <= rowWidth; k++) {
            pmf[k] = law.probability(k);
        }
        return pmf;
    }

    /** ln C(n, k). */
    static double logBinomial(int n, int k) {
        return CombinatoricsUtils.binomialCoefficientLog(n, k);
    }

    /** Kolmogorov-Smirnov test of {@code standardized} against N(0, 1); returns the p-value. */
    static double ksStandardNormal(double[] standardized) {
        return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(null, 0, 1), standardized);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double standardDeviation(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }

    /**
     * Mean and standard deviation of normal samples against their law, each within 5 standard errors (SE of the
     * mean sigma / sqrt(n), of the standard deviation about sigma / sqrt(2 (n - 1))): a correct sampler fails one
     * with probability about 6e-7.
     */
    static void assertMoments(String what, double[] values, double mean, double sigma) {
        int n = values.length;
        assertTrue(n > 100, what + ": only " + n + " values");
        double m = mean(values);
        double s = standardDeviation(values);
        double seMean = sigma / Math.sqrt(n);
        double seSd = sigma / Math.sqrt(2.0 * (n - 1));
        assertEquals(mean, m, 5 * seMean, what + ": mean of " + n);
        assertEquals(sigma, s, 5 * seSd, what + ": standard deviation of " + n);
    }
}
