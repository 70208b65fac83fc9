package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.Topology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The law the report draws over the summed input weight per post ({@link ConnectomeLaws#summedInputPerPost}),
 * against the generator. Its shape: the N summed inputs of one kernel-generated connectome (fixed seed) pass a
 * Kolmogorov-Smirnov test against the law at significance 1e-3 (the N sums are nearly independent: they share
 * only the fixed total N_syn). KS cannot see a variance 10 % off at these N (its statistic moves by ~0.012, its
 * 1e-3 threshold is ~0.035), so the variance is tested on its own: the sample variances of {@value #SEEDS}
 * connectomes against the law's, within {@link Checks#SIGMAS} standard errors (each from the sample's fourth
 * moment, the delta method; 5 SE is a two-sided p of 6e-7), a relative standard error of about 0.8 %; and a
 * connectome whose summed-input variance is 10 % above or below the law's (weights scaled by sqrt(0.9) or
 * sqrt(1.1)) fails.
 */
class SummedInputLawTest {
    private static final double ALPHA = 1e-3;
    private static final int SEEDS = 10;

    @ParameterizedTest
    @CsvSource({"3000, 0.04, 0.8, 1.0, 1.0, REPAIR, 21", "2500, 0.05, 0.5, 2.0, 0.5, ALLOW, 22",
        "2000, 0.1, 0.8, 1.0, 0.25, EXCLUDE, 23"})
    void summedInputsFollowTheirLaw(int neurons, double p, double f, double muE, double sigma0,
            AutapsePolicy autapses, long seed) {
        ConnectomeModel model = ConnectomeModel.withProbability(neurons, p, f, muE, sigma0, 0, 0, autapses,
                Topology.RANDOM, seed);
        ReferenceAggregates rows = new ReferenceAggregates(neurons, model.excitatoryNeurons(),
                ReferenceAggregates.rows(model));
        ContinuousLaw law = new ConnectomeLaws(model).summedInputPerPost();
        double pValue = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(
                new NormalDistribution(null, law.mean(), law.standardDeviation(), 1e-9), rows.summedInput);
        assertTrue(pValue > ALPHA, "KS p-value " + pValue + " against " + law.description());
    }

    private static ConnectomeModel model(int neurons, double p, double f, double muE, double sigma0,
            AutapsePolicy autapses, long seed) {
        return ConnectomeModel.withProbability(neurons, p, f, muE, sigma0, 0, 0, autapses, Topology.RANDOM, seed);
    }

    /**
     * (mean over seeds of the sample variance of the N summed inputs) / (the law's variance) and its standard
     * error, for connectomes whose weights are {@code scale} times the model's (mu_e and sigma_0 scaled: the
     * summed-input variance scales by scale^2, its balanced mean of about 0 stays), judged against the model's law.
     */
    private static double[] varianceRatio(int neurons, double p, double f, double muE, double sigma0, double scale,
            AutapsePolicy autapses, long seed) {
        double lawVariance = Math.pow(new ConnectomeLaws(model(neurons, p, f, muE, sigma0, autapses, seed))
                .summedInputPerPost().standardDeviation(), 2);
        double sum = 0;
        double errorVariance = 0;
        for (int s = 0; s < SEEDS; s++) {
            ConnectomeModel model = model(neurons, p, f, muE * scale, sigma0 * scale, autapses, seed * 100 + s);
            double[] sums = new ReferenceAggregates(neurons, model.excitatoryNeurons(),
                    ReferenceAggregates.rows(model)).summedInput;
            double mean = java.util.Arrays.stream(sums).average().orElse(0);
            double m2 = 0;
            double m4 = 0;
            for (double x : sums) {
                double d = (x - mean) * (x - mean);
                m2 += d;
                m4 += d * d;
            }
            int n = sums.length;
            double variance = m2 / (n - 1);
            sum += variance;
            errorVariance += Math.max(0, m4 / n - Math.pow(m2 / n, 2)) / n; // Var(sample variance), delta method
        }
        return new double[] {sum / SEEDS / lawVariance, Math.sqrt(errorVariance) / SEEDS / lawVariance};
    }

    @ParameterizedTest
    @CsvSource({"3000, 0.04, 0.8, 1.0, 1.0, REPAIR, 21", "2500, 0.05, 0.5, 2.0, 0.5, ALLOW, 22",
        "2000, 0.1, 0.8, 1.0, 0.25, EXCLUDE, 23"})
    void summedInputVarianceIsTheLawsAndTenPercentOffFails(int neurons, double p, double f, double muE,
            double sigma0, AutapsePolicy autapses, long seed) {
        double[] right = varianceRatio(neurons, p, f, muE, sigma0, 1, autapses, seed);
        assertTrue(right[1] < 0.0125, "relative standard error " + right[1] + ": 10 % must be 8 SE at least");
        assertTrue(Math.abs(right[0] - 1) <= Checks.SIGMAS * right[1],
                "variance ratio " + right[0] + " +- " + right[1] + " should be 1");
        for (double factor : new double[] {0.9, 1.1}) {
            double[] wrong = varianceRatio(neurons, p, f, muE, sigma0, Math.sqrt(factor), autapses, seed);
            assertTrue(Math.abs(wrong[0] - 1) > Checks.SIGMAS * wrong[1], "a variance " + factor
                    + " times the law's must fail: ratio " + wrong[0] + " +- " + wrong[1]);
            assertEquals(factor, wrong[0], Checks.SIGMAS * wrong[1], "the broken variant's own ratio");
        }
    }
}
