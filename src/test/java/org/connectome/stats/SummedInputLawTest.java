package org.connectome.stats;

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
 * against the generator: the N summed inputs of one kernel-generated connectome (fixed seed) pass a
 * Kolmogorov-Smirnov test against the law at significance 1e-3. The N sums are nearly independent (they share
 * only the fixed total N_syn), which the test's null distribution assumes.
 */
class SummedInputLawTest {
    private static final double ALPHA = 1e-3;

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
}
