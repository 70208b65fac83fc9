package org.connectome.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.Topology;
import org.junit.jupiter.api.Test;

/**
 * Weights (SPEC 1): recurrent {@code Normal(mu_e if pre < Ne else mu_i, sigma_0) / sqrt(N p)}, input
 * {@code Normal(0, 1) / sqrt(N_input)} in {@code (post, input)} row-major order, output
 * {@code Normal(0, 1) / sqrt(N_output)} in {@code (output, pre)} order; the E/I split {@code Ne = int(N f)} and
 * the special cases of mu_i exactly (with sigma_0 = 0 every weight is its mean); dense tables the same for any
 * slicing.
 *
 * <p>Significance: means and standard deviations within 5 standard errors (each fails a correct generator with
 * probability ~6e-7); Kolmogorov-Smirnov against N(0, 1) at alpha = 0.001 / m for the m KS tests of a method.
 */
class WeightsTest {

    /** The weights of synapses whose pre is excitatory ({@code pre < ne}), or inhibitory. */
    private static double[] select(EdgeRows rows, boolean excitatory, int ne) {
        double[] out = new double[rows.size];
        int n = 0;
        for (int i = 0; i < rows.size; i++) {
            if ((rows.second[i] < ne) == excitatory) {
                out[n++] = rows.weight[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static double[] standardize(double[] values, double mean, double sd) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (values[i] - mean) / sd;
        }
        return out;
    }

    private static void assertKs(String what, double[] standardized, double alpha) {
        double p = Stats.ksStandardNormal(standardized);
        Stats.report(what + " (Kolmogorov-Smirnov, n = " + standardized.length + ")", p);
        assertTrue(p > alpha, what + ": Kolmogorov-Smirnov against N(0, 1), p = " + p);
    }

    /** mu_i computed here from SPEC 1, not from the model. */
    private static double expectedMuI(double f, double muE) {
        return f == 0 ? -muE : f == 1 ? 0 : -f / (1 - f) * muE;
    }

    /**
     * N = 2000, p = 0.1, f = 0.8, mu_e = 0.7, sigma_0 = 1.3 (400,000 synapses; Ne = 1600; mu_i = -2.8;
     * scale 1 / sqrt(200)), and the special cases f = 0 and f = 1, and a count given with --synapses.
     * 4 KS tests, alpha 0.001 / 4.
     */
    @Test
    void recurrentWeightsHaveTheirPopulationsLaw() {
        double alpha = Stats.ALPHA / 4;
        double muE = 0.7;
        double sigma0 = 1.3;
        ConnectomeModel model = ConnectomeModel.withProbability(2000, 0.1, 0.8, muE, sigma0, 1, 1,
                AutapsePolicy.REPAIR, Topology.RANDOM, 41);
        assertEquals(400_000, model.synapses());
        assertEquals(1600, model.excitatoryNeurons());
        double scale = 1 / Math.sqrt(2000 * 0.1);
        double muI = expectedMuI(0.8, muE);
        assertEquals(-2.8, muI, 1e-12);
        EdgeRows rows = EdgeRows.read(model, EdgeTable.RECURRENT, 65_536);
        double[] e = select(rows, true, 1600);
        double[] i = select(rows, false, 1600);
        // About 80% of synapses have an excitatory pre.
        assertEquals(0.8 * rows.size, e.length, 5 * Math.sqrt(rows.size * 0.8 * 0.2));
        Stats.assertMoments("excitatory pres", e, muE * scale, sigma0 * scale);
        Stats.assertMoments("inhibitory pres", i, muI * scale, sigma0 * scale);
        double[] standardized = new double[rows.size];
        System.arraycopy(standardize(e, muE * scale, sigma0 * scale), 0, standardized, 0, e.length);
        System.arraycopy(standardize(i, muI * scale, sigma0 * scale), 0, standardized, e.length, i.length);
        assertKs("recurrent weights, standardized per population", standardized, alpha);

        // f = 0: all inhibitory with mu_i = -mu_e. f = 1: all excitatory.
        for (double f : new double[] {0.0, 1.0}) {
            ConnectomeModel special = ConnectomeModel.withProbability(1000, 0.05, f, muE, sigma0, 1, 1,
                    AutapsePolicy.EXCLUDE, Topology.RANDOM, f == 0 ? 42 : 142);
            double s = 1 / Math.sqrt(1000 * 0.05);
            double mean = (f == 0 ? -muE : muE) * s;
            double[] w = EdgeRows.read(special, EdgeTable.RECURRENT, 1000).weight;
            w = Arrays.copyOf(w, (int) special.synapses());
            Stats.assertMoments("f = " + f, w, mean, sigma0 * s);
            assertKs("f = " + f, standardize(w, mean, sigma0 * s), alpha);
        }

        // --synapses M: p = M / N^2 = 0.05 sets the scale.
        ConnectomeModel counted = ConnectomeModel.withSynapseCount(1000, 50_000, 0.5, muE, sigma0, 1, 1,
                AutapsePolicy.ALLOW, Topology.RANDOM, 43);
        double s = 1 / Math.sqrt(1000 * 0.05);
        EdgeRows countedRows = EdgeRows.read(counted, EdgeTable.RECURRENT, 7);
        double[] ce = select(countedRows, true, 500);
        double[] ci = select(countedRows, false, 500);
        Stats.assertMoments("--synapses, excitatory", ce, muE * s, sigma0 * s);
        Stats.assertMoments("--synapses, inhibitory", ci, -muE * s, sigma0 * s);
        double[] cs = new double[countedRows.size];
        System.arraycopy(standardize(ce, muE * s, sigma0 * s), 0, cs, 0, ce.length);
        System.arraycopy(standardize(ci, -muE * s, sigma0 * s), 0, cs, ce.length, ci.length);
        assertKs("--synapses, standardized", cs, alpha);
    }

    /**
     * With sigma_0 = 0 each weight equals its population's mean exactly, which pins down Ne = int(N f) at awkward
     * products (7 * 0.29 = 2.03, 100 * 0.29 = 28.999999999999996, 100 * 0.57 = 56.99999999999999,
     * 10 * 0.3 = 3.0000000000000004) and mu_i, including f = 0 and f = 1. p = 1 under allow puts every pre in
     * every row.
     */
    @Test
    void excitatoryNeuronsAndMeansAreExact() {
        double[][] cases = {
            // N, f, Ne (as Python's int(N * f))
            {10, 0.3, 3}, {7, 0.29, 2}, {100, 0.29, 28}, {100, 0.57, 56}, {10, 0.7, 7}, {49, 1.0 / 7, 7},
            {3, 0.1 * 3, 0}, {5, 0.0, 0}, {5, 1.0, 5}, {1, 0.5, 0}, {2, 0.5, 1},
        };
        double muE = 1.7;
        for (double[] c : cases) {
            int n = (int) c[0];
            double f = c[1];
            int ne = (int) c[2];
            ConnectomeModel model = ConnectomeModel.withProbability(n, 1.0, f, muE, 0.0, 1, 1,
                    AutapsePolicy.ALLOW, Topology.RANDOM, 44);
            assertEquals(ne, model.excitatoryNeurons(), "Ne for N " + n + ", f " + f);
            double scale = 1 / Math.sqrt(n * 1.0);
            double muI = expectedMuI(f, muE);
            assertEquals(muI, model.muInhibitory(), 0.0, "mu_i for f " + f);
            EdgeRows rows = EdgeRows.read(model, EdgeTable.RECURRENT, 3);
            assertEquals((long) n * n, rows.size);
            for (int i = 0; i < rows.size; i++) {
                double expected = (rows.second[i] < ne ? muE : muI) * scale;
                assertEquals(expected, rows.weight[i], Math.ulp(expected) * 4,
                        "N " + n + ", f " + f + ": weight of (" + rows.first[i] + ", " + rows.second[i] + ")");
            }
        }
    }

    /**
     * Input (N x N_input) and output (N_output x N) weights: row-major cells with the right ids, mean 0, standard
     * deviation 1 / sqrt(N_input) and 1 / sqrt(N_output), normal (2 KS tests, alpha 0.001 / 2); the same values
     * for any slicing and capacity; other seeds and the two tables give other values.
     */
    @Test
    void denseWeights() {
        int n = 2000;
        int inputs = 100;
        int outputs = 20;
        ConnectomeModel model = ConnectomeModel.withProbability(n, 0.001, 0.8, 1, 1, inputs, outputs,
                AutapsePolicy.REPAIR, Topology.RANDOM, 45);
        EdgeRows input = EdgeRows.read(model, EdgeTable.INPUT, 65_536);
        EdgeRows output = EdgeRows.read(model, EdgeTable.OUTPUT, 4096);
        assertEquals((long) n * inputs, input.size);
        assertEquals((long) outputs * n, output.size);
        for (int i = 0; i < input.size; i++) {
            assertEquals(i / inputs, input.first[i], "input post of cell " + i);
            assertEquals(i % inputs, input.second[i], "input id of cell " + i);
        }
        for (int i = 0; i < output.size; i++) {
            assertEquals(i / n, output.first[i], "output id of cell " + i);
            assertEquals(i % n, output.second[i], "output pre of cell " + i);
        }
        double inputSd = 1 / Math.sqrt(inputs);
        double outputSd = 1 / Math.sqrt(outputs);
        double[] in = Arrays.copyOf(input.weight, input.size);
        double[] out = Arrays.copyOf(output.weight, output.size);
        Stats.assertMoments("input weights", in, 0, inputSd);
        Stats.assertMoments("output weights", out, 0, outputSd);
        assertKs("input weights", standardize(in, 0, inputSd), Stats.ALPHA / 2);
        assertKs("output weights", standardize(out, 0, outputSd), Stats.ALPHA / 2);

        SplittableRandom params = new SplittableRandom(46);
        for (EdgeTable table : new EdgeTable[] {EdgeTable.INPUT, EdgeTable.OUTPUT}) {
            EdgeRows reference = table == EdgeTable.INPUT ? input : output;
            for (long block : new long[] {1, 7, 1000, 12_345, Slice.DEFAULT_BLOCK_ROWS}) {
                for (int slices : new int[] {1, 3, 8}) {
                    int capacity = new int[] {1, 7, 65_536}[params.nextInt(3)];
                    List<Slice> plan = Slice.plan(model, table, block, slices);
                    EdgeRows.read(model, table, plan, capacity).assertSameAs(reference,
                            table + ", blocks of " + block + ", " + slices + " slices, capacity " + capacity);
                }
            }
            // Cuts in the middle of matrix rows.
            long cells = reference.size;
            for (int trial = 0; trial < 5; trial++) {
                long[] cuts = new long[6];
                cuts[5] = cells;
                for (int i = 1; i < 5; i++) {
                    cuts[i] = params.nextLong(cells + 1);
                }
                Arrays.sort(cuts);
                List<Slice> slices = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    slices.add(new Slice(cuts[i], cuts[i + 1]));
                }
                EdgeRows.read(model, table, slices, 1 + params.nextInt(1000)).assertSameAs(reference,
                        table + ", cuts " + slices);
            }
        }
        // Another seed gives other values; the two tables use separate streams.
        EdgeRows other = EdgeRows.read(model.withSeed(46), EdgeTable.INPUT, 65_536);
        assertFalse(Arrays.equals(Arrays.copyOf(other.weight, other.size), in), "input weights ignore the seed");
        // Cell c of both tables: uncorrelated (|r| < 5 / sqrt(n), a correct generator fails with p ~ 6e-7).
        double r = correlation(Arrays.copyOf(in, out.length), out);
        assertTrue(Math.abs(r) < 5 / Math.sqrt(out.length), "input and output weights correlate: r = " + r);
    }

    private static double correlation(double[] x, double[] y) {
        double mx = Stats.mean(x);
        double my = Stats.mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    @Test
    void emptyDenseTables() {
        ConnectomeModel model = ConnectomeModel.withProbability(50, 0.1, 0.8, 1, 1, 0, 0, AutapsePolicy.REPAIR,
                Topology.RANDOM, 47);
        for (EdgeTable table : new EdgeTable[] {EdgeTable.INPUT, EdgeTable.OUTPUT}) {
            assertEquals(0, model.rowCount(table));
            List<Slice> plan = Slice.plan(model, table, 1000, 4);
            assertEquals(List.of(new Slice(0, 0)), plan, table + ": one empty slice, so the schema is written");
            assertEquals(0, EdgeRows.read(model, table, plan, 7).size);
        }
    }
}
