package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.connectome.kernel.RecurrentEdges;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The laws {@code stats} judges by, against the generator itself: many small connectomes from the kernel
 * (no Spark), fixed seeds. Each comparison allows 5 standard errors of the Monte Carlo estimate, estimated
 * from the samples themselves (for a variance: sqrt((m4 - s^4) / R) with the sample's fourth moment).
 */
class ConnectomeLawsTest {
    private static final int RUNS = 3000;

    /** Running moments of one quantity over the runs. */
    private static final class Sample {
        private final double[] values = new double[RUNS];
        private int size;

        void add(double value) {
            values[size++] = value;
        }

        double mean() {
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += values[i];
            }
            return sum / size;
        }

        double variance() {
            double mean = mean();
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += (values[i] - mean) * (values[i] - mean);
            }
            return sum / (size - 1);
        }

        double meanError() {
            return Math.sqrt(variance() / size);
        }

        /** The standard error of the sample variance, from the sample's own fourth central moment. */
        double varianceError() {
            double mean = mean();
            double m4 = 0;
            for (int i = 0; i < size; i++) {
                m4 += Math.pow(values[i] - mean, 4);
            }
            m4 /= size;
            double s2 = variance();
            return Math.sqrt(Math.max(0, m4 - s2 * s2) / size);
        }
    }

    private static ConnectomeModel model(int neurons, double p, AutapsePolicy policy, long seed) {
        return ConnectomeModel.withProbability(neurons, p, 0.75, 1.0, 0.5, 1, 1, policy, Topology.RANDOM, seed);
    }

    @ParameterizedTest(name = "{0}, N = {1}, p = {2}")
    @CsvSource({"REPAIR, 40, 0.3", "EXCLUDE, 40, 0.3", "ALLOW, 40, 0.3", "REPAIR, 40, 0.6", "EXCLUDE, 40, 0.6",
        "ALLOW, 40, 0.6", "REPAIR, 12, 0.25"})
    void lawsMatchTheGenerator(AutapsePolicy policy, int neurons, double p) {
        ConnectomeLaws laws = new ConnectomeLaws(model(neurons, p, policy, 0));
        ConnectomeModel first = laws.model();
        int n = first.neurons();
        int excitatory = first.excitatoryNeurons();
        double m = laws.meanDegree();
        Sample inVariance = new Sample();
        Sample inStd = new Sample();
        Sample outVariance = new Sample();
        Sample outStd = new Sample();
        Sample fromExcitatory = new Sample();
        Sample summedInput = new Sample();
        Sample autapses = new Sample();
        int[] first32 = new int[4096];
        int[] second = new int[4096];
        double[] weight = new double[4096];
        for (int run = 0; run < RUNS; run++) {
            ConnectomeModel model = first.withSeed(1000 + run);
            RecurrentEdges edges = new RecurrentEdges(model, 0, n);
            long[] in = new long[n];
            long[] out = new long[n];
            long e = 0;
            long diagonal = 0;
            double total = 0;
            for (int rows = edges.fill(first32, second, weight, 4096); rows > 0;
                    rows = edges.fill(first32, second, weight, 4096)) {
                for (int i = 0; i < rows; i++) {
                    in[first32[i]]++;
                    out[second[i]]++;
                    e += second[i] < excitatory ? 1 : 0;
                    diagonal += first32[i] == second[i] ? 1 : 0;
                    total += weight[i];
                }
            }
            double inSquares = 0;
            double outSquares = 0;
            for (int j = 0; j < n; j++) {
                inSquares += (in[j] - m) * (in[j] - m);
                outSquares += (out[j] - m) * (out[j] - m);
            }
            inVariance.add(inSquares / n);
            inStd.add(Math.sqrt(inSquares / n));
            outVariance.add(outSquares / n);
            outStd.add(Math.sqrt(outSquares / n));
            fromExcitatory.add(e);
            summedInput.add(total / n);
            autapses.add(diagonal);
        }
        String label = policy + " N=" + n + " p=" + p;
        // E[population variance over the N neurons] = the per-neuron variance (the mean N_syn / N is exact).
        assertWithin(label + " in-degree variance", laws.inDegree().variance(), inVariance.mean(),
                inVariance.meanError());
        assertWithin(label + " out-degree variance", laws.outDegreeVariance(), outVariance.mean(),
                outVariance.meanError());
        assertWithin(label + " synapses from E: mean", laws.excitatorySynapsesMean(), fromExcitatory.mean(),
                fromExcitatory.meanError());
        assertWithin(label + " synapses from E: variance", laws.excitatorySynapsesVariance(),
                fromExcitatory.variance(), fromExcitatory.varianceError());
        assertWithin(label + " summed input per post: mean", laws.summedInputMean(), summedInput.mean(),
                summedInput.meanError());
        assertWithin(label + " summed input per post: variance", Math.pow(laws.summedInputStd(), 2),
                summedInput.variance(), summedInput.varianceError());
        if (policy == AutapsePolicy.ALLOW) {
            assertWithin(label + " autapses: mean", laws.autapsesAllowed().mean(), autapses.mean(),
                    autapses.meanError());
        } else {
            assertEquals(0, autapses.mean(), label + " autapses");
        }
        // The standard errors stats allows for the degree stds (delta method, ignoring the weak negative
        // correlation between neurons' counts): the sd of the measured std over the runs within 10% of it
        // (the sd's own Monte Carlo error is about 1.3% here; measured ratios 0.98 to 1.01).
        double inError = Checks.countStdError(laws.inDegree().standardDeviation(), laws.inDegree().excessKurtosis(),
                n);
        double outError = Checks.countStdError(Math.sqrt(laws.outDegreeVariance()), laws.outDegreeKurtosis(), n);
        double inRatio = Math.sqrt(inStd.variance()) / inError;
        double outRatio = Math.sqrt(outStd.variance()) / outError;
        assertTrue(inRatio > 0.9 && inRatio < 1.1, label + " in-degree std SE ratio " + inRatio);
        assertTrue(outRatio > 0.9 && outRatio < 1.1, label + " out-degree std SE ratio " + outRatio);
    }

    private static void assertWithin(String what, double expected, double measured, double standardError) {
        assertTrue(Math.abs(measured - expected) <= 5 * standardError + 1e-12,
                what + ": law " + expected + ", generator " + measured + " (5 SE = " + 5 * standardError + ")");
    }

    /** The formulas' special cases: the balance's mean is exactly 0 when N f is whole; p = 1 has no spread. */
    @Test
    void degenerateCases() {
        ConnectomeLaws balanced = new ConnectomeLaws(model(2000, 0.05, AutapsePolicy.REPAIR, 1));
        assertEquals(0, balanced.summedInputMean(), 1e-12);
        assertEquals(100, balanced.meanDegree());
        ConnectomeLaws full = new ConnectomeLaws(model(50, 1.0, AutapsePolicy.ALLOW, 1));
        assertEquals(0, full.inDegree().variance());
        assertEquals(0, full.outDegreeVariance());
        assertEquals(0, full.excitatorySynapsesVariance());
        ConnectomeLaws empty = new ConnectomeLaws(model(50, 0.0, AutapsePolicy.REPAIR, 1));
        assertEquals(0, empty.summedInputMean());
        assertEquals(0, empty.summedInputStd());
        assertEquals(0, empty.outDegreeVariance());
        ConnectomeLaws single = new ConnectomeLaws(model(1, 0.0, AutapsePolicy.EXCLUDE, 1));
        assertEquals(0, single.outDegreeVariance());
        assertEquals(0, single.excitatorySynapsesVariance());
    }

    /** Without autapses every row draws from N - 1 columns: the exclude in-degree law differs from repair's. */
    @Test
    void excludeCountsRowsOverOffDiagonalCells() {
        CountLaw repair = new ConnectomeLaws(model(40, 0.7, AutapsePolicy.REPAIR, 1)).inDegree();
        CountLaw exclude = new ConnectomeLaws(model(40, 0.7, AutapsePolicy.EXCLUDE, 1)).inDegree();
        assertEquals(repair.mean(), exclude.mean(), 1e-12);
        assertTrue(exclude.variance() < repair.variance(), exclude.variance() + " vs " + repair.variance());
        assertEquals("Hypergeometric(1560, 39, 1120)", exclude.description());
        assertEquals("Hypergeometric(1600, 40, 1120)", repair.description());
    }
}
