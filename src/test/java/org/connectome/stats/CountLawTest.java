package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.IntegerDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link CountLaw} against Commons Math's exact pmf and cdf (int parameters, so small populations). */
class CountLawTest {

    /** Mean, variance and excess kurtosis summed from the reference pmf. */
    private static double[] moments(IntegerDistribution law) {
        double mean = 0;
        for (int k = law.getSupportLowerBound(); k <= law.getSupportUpperBound(); k++) {
            mean += k * law.probability(k);
        }
        double m2 = 0;
        double m4 = 0;
        for (int k = law.getSupportLowerBound(); k <= law.getSupportUpperBound(); k++) {
            double d = k - mean;
            m2 += d * d * law.probability(k);
            m4 += d * d * d * d * law.probability(k);
        }
        return new double[] {mean, m2, m2 > 0 ? m4 / (m2 * m2) - 3 : 0};
    }

    @ParameterizedTest
    @CsvSource({"1600, 40, 480", "1560, 39, 480", "2000, 1000, 700", "90000, 300, 9000", "50, 49, 3", "100, 10, 100",
        "400000, 2000, 20000"})
    void hypergeometricMomentsMatchThePmf(int population, int successes, int draws) {
        CountLaw law = CountLaw.hypergeometric(population, successes, draws);
        double[] reference = moments(new HypergeometricDistribution(population, successes, draws));
        assertEquals(reference[0], law.mean(), 1e-9 * Math.max(1, reference[0]));
        assertEquals(reference[1], law.variance(), 1e-9 * Math.max(1, reference[1]));
        assertEquals(reference[2], law.excessKurtosis(), 1e-7 * Math.max(1, Math.abs(reference[2])));
    }

    @ParameterizedTest
    @CsvSource({"39, 0.3", "1999, 0.05", "10, 0.5", "500, 0.001"})
    void binomialMomentsMatchThePmf(int trials, double probability) {
        CountLaw law = CountLaw.binomial(trials, probability);
        double[] reference = moments(new BinomialDistribution(trials, probability));
        assertEquals(reference[0], law.mean(), 1e-9 * Math.max(1, reference[0]));
        assertEquals(reference[1], law.variance(), 1e-9 * Math.max(1, reference[1]));
        assertEquals(reference[2], law.excessKurtosis(), 1e-7 * Math.max(1, Math.abs(reference[2])));
    }

    /** The bounds are the tightest with samples * P(X < low) <= alpha / 2 and samples * P(X > high) <= alpha / 2. */
    @ParameterizedTest
    @CsvSource({"400000, 2000, 20000, 2000, 1e-6", "1600, 40, 480, 40, 1e-3", "4000000, 2000, 10000, 2000, 1e-6",
        "100, 10, 50, 10, 0.1"})
    void rangeIsTheTightestUnionBound(int population, int successes, int draws, long samples, double alpha) {
        CountLaw law = CountLaw.hypergeometric(population, successes, draws);
        HypergeometricDistribution reference = new HypergeometricDistribution(population, successes, draws);
        long[] range = law.range(samples, alpha);
        double tail = alpha / 2 / samples;
        int low = (int) range[0];
        int high = (int) range[1];
        double below = reference.cumulativeProbability(low - 1);
        double above = 1 - reference.cumulativeProbability(high);
        assertTrue(below <= tail * (1 + 1e-6), "P(X < " + low + ") = " + below + " > " + tail);
        assertTrue(above <= tail * (1 + 1e-6), "P(X > " + high + ") = " + above + " > " + tail);
        // One step tighter on either side would break the bound (unless at the support's end).
        if (low < reference.getSupportUpperBound()) {
            assertTrue(reference.cumulativeProbability(low) > tail * (1 - 1e-6), "low " + low + " is not tight");
        }
        if (high > reference.getSupportLowerBound()) {
            assertTrue(1 - reference.cumulativeProbability(high - 1) > tail * (1 - 1e-6),
                    "high " + high + " is not tight");
        }
    }

    @ParameterizedTest
    @CsvSource({"1999, 0.05, 2000", "39, 0.3, 40"})
    void binomialRangeMatchesTheCdf(int trials, double probability, long samples) {
        long[] range = CountLaw.binomial(trials, probability).range(samples, 1e-6);
        BinomialDistribution reference = new BinomialDistribution(trials, probability);
        double tail = 1e-6 / 2 / samples;
        assertTrue(reference.cumulativeProbability((int) range[0] - 1) <= tail * (1 + 1e-6));
        assertTrue(1 - reference.cumulativeProbability((int) range[1]) <= tail * (1 + 1e-6));
        assertTrue(reference.cumulativeProbability((int) range[0]) > tail * (1 - 1e-6));
    }

    /**
     * Populations beyond int: N^2 cells up to 4e18. A row of N cells out of N^2 with q = N_syn / N^2 tiny is
     * Binomial(N, q) but for the finite-population factor 1 - q: the bounds agree with Commons Math's binomial
     * cdf within one unit.
     */
    @ParameterizedTest
    @CsvSource({"1000000, 1000000000", "2000000000, 200000000000", "2000000000, 4000000000"})
    void hugePopulationsMatchTheBinomialLimit(long neurons, long synapses) {
        CountLaw law = CountLaw.hypergeometric(neurons * neurons, neurons, synapses);
        double m = (double) synapses / neurons;
        double q = (double) synapses / ((double) neurons * neurons);
        assertEquals(m, law.mean(), 1e-9 * m);
        assertEquals(m * (1 - q), law.variance(), 1e-6 * m);
        long[] range = law.range(neurons, 1e-6);
        BinomialDistribution binomial = new BinomialDistribution((int) neurons, q);
        double tail = 1e-6 / 2 / neurons;
        int low = 0;
        while (binomial.cumulativeProbability(low) <= tail) {
            low++;
        }
        int high = (int) Math.ceil(m);
        while (1 - binomial.cumulativeProbability(high) > tail) {
            high++;
        }
        assertTrue(Math.abs(range[0] - low) <= 1, range[0] + " vs binomial " + low);
        assertTrue(Math.abs(range[1] - high) <= 1, range[1] + " vs binomial " + high);
        assertTrue(range[1] - m > m - range[0], "the right tail is the heavier");
    }

    @ParameterizedTest
    @CsvSource({"1e-3, 3.090232", "1e-7, 5.199338", "2.5e-16, 8.11"})
    void normalQuantile(double p, double z) {
        assertEquals(z, CountLaw.normalQuantile(p), p < 1e-10 ? 0.02 : 1e-4);
    }
}
