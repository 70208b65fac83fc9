package org.connectome.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.Network;
import org.connectome.model.NetworkSpec;
import org.connectome.model.Projection;
import org.connectome.model.Topology;
import org.junit.jupiter.api.Test;

/**
 * The network rules (SPEC 7) through {@link Slice#edges}: the exact law of every rule by enumeration on 2-4 neuron
 * populations over many seeds, degree laws by chi-square at medium size, exact counts, order, no duplicate where
 * multapses are forbidden, no autapse where excluded, rows identical for any slicing, and the {@code seed} preset
 * equal to the flags' model row for row.
 *
 * <p>Significance: {@value #TESTS} chi-square assertions, each at alpha = 0.001 / {@value #TESTS} (Bonferroni);
 * fixed seeds. Broken once on purpose to see them fail (commit messages): the binomial split at p * 1.05, the
 * Bernoulli total at p * 1.03, the out-degree tree's hypergeometric split shifted by a tenth of the right half.
 */
class NetworkEdgesTest {
    private static final int TESTS = 16;
    private static final double ALPHA_EACH = Stats.ALPHA / TESTS;
    private static final int SEEDS = 20_000;

    static Network spec(String yaml) {
        return NetworkSpec.parse("test.yaml", yaml, true);
    }

    static EdgeRows rows(Network network, long seed) {
        ConnectomeModel model = ConnectomeModel.ofNetwork(network, seed);
        return EdgeRows.read(model, EdgeTable.RECURRENT, 4096);
    }

    /** The outcome as a canonical string: the sorted (post, pre) rows. */
    private static String outcome(EdgeRows rows) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < rows.size; i++) {
            s.append(rows.first[i]).append(',').append(rows.second[i]).append(' ');
        }
        return s.toString();
    }

    private static int[][] cells(String outcome) {
        if (outcome.isBlank()) {
            return new int[0][];
        }
        String[] parts = outcome.trim().split(" ");
        int[][] cells = new int[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String[] ab = parts[i].split(",");
            cells[i] = new int[] {Integer.parseInt(ab[0]), Integer.parseInt(ab[1])};
        }
        return cells;
    }

    private int tests;

    /** Frequencies of every outcome over SEEDS seeds against {@code law}; all {@code outcomes} must be seen. */
    private void checkLaw(String what, String yaml, int outcomes, ToDoubleFunction<int[][]> law, long seedBase) {
        Network network = spec(yaml);
        Map<String, Long> counts = new TreeMap<>();
        for (int s = 0; s < SEEDS; s++) {
            EdgeRows rows = rows(network, seedBase + s);
            assertSorted(rows, what);
            counts.merge(outcome(rows), 1L, Long::sum);
        }
        assertEquals(outcomes, counts.size(), what + ": outcomes seen " + counts.keySet());
        double[] p = new double[counts.size()];
        long[] observed = new long[counts.size()];
        int i = 0;
        double mass = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            p[i] = law.applyAsDouble(cells(e.getKey()));
            observed[i++] = e.getValue();
            mass += p[i - 1];
        }
        assertEquals(1.0, mass, 1e-9, what + ": the law's mass over the outcomes");
        Stats.assertChiSquare(what, p, observed, ALPHA_EACH);
        tests++;
    }

    private static void assertSorted(EdgeRows rows, String what) {
        for (int i = 1; i < rows.size; i++) {
            boolean ascending = rows.first[i - 1] < rows.first[i]
                    || rows.first[i - 1] == rows.first[i] && rows.second[i - 1] <= rows.second[i];
            assertTrue(ascending, what + ": rows out of (post, pre) order at " + i);
        }
    }

    private static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    /** Multinomial probability of the multiset of cells, each draw uniform over {@code cellCount} cells. */
    private static double uniformMultiset(int[][] cells, int cellCount) {
        Map<String, Integer> multiplicity = new HashMap<>();
        for (int[] c : cells) {
            multiplicity.merge(c[0] + "," + c[1], 1, Integer::sum);
        }
        double p = factorial(cells.length) / Math.pow(cellCount, cells.length);
        for (int m : multiplicity.values()) {
            p /= factorial(m);
        }
        return p;
    }

    private static double binomialCoefficient(int n, int k) {
        return factorial(n) / (factorial(k) * factorial(n - k));
    }

    @Test
    void everyRuleHasItsExactLaw() {
        // fixed_total_number with multapses: 3 i.i.d. uniform cells of the 2 x 2 matrix.
        checkLaw("fixed_total_number, multapses, allow, 2 neurons, 3 synapses",
                "populations: [{name: A, size: 2}]\n"
                        + "projections: [{source: A, target: A, rule: fixed_total_number, synapses: 3,"
                        + " weight: {distribution: constant, value: 1}}]",
                20, c -> uniformMultiset(c, 4), 1_000_000);
        // ... without the diagonal: 2 i.i.d. uniform of the 6 off-diagonal cells of 3 neurons.
        checkLaw("fixed_total_number, multapses, exclude, 3 neurons, 2 synapses",
                "populations: [{name: A, size: 3}]\n"
                        + "projections: [{source: A, target: A, rule: fixed_total_number, synapses: 2,"
                        + " autapses: exclude, weight: {distribution: constant, value: 1}}]",
                21, c -> {
                    for (int[] cell : c) {
                        assertTrue(cell[0] != cell[1], "autapse under exclude");
                    }
                    return uniformMultiset(c, 6);
                }, 2_000_000);
        // ... repair with multapses: uniform over the 4 cells, a diagonal one moved to the row's other column.
        checkLaw("fixed_total_number, multapses, repair, 2 neurons, 2 synapses",
                "populations: [{name: A, size: 2}]\n"
                        + "projections: [{source: A, target: A, rule: fixed_total_number, synapses: 2,"
                        + " autapses: repair, weight: {distribution: constant, value: 1}}]",
                3, c -> uniformMultiset(c, 2), 3_000_000);
        // Without multapses, source A (2) onto all (A, B: 3), exclude: a uniform 2-subset of the 4 cells left.
        checkLaw("fixed_total_number, distinct, exclude, A -> all",
                "populations: [{name: A, size: 2}, {name: B, size: 1}]\n"
                        + "projections: [{source: A, target: all, rule: fixed_total_number, synapses: 2,"
                        + " autapses: exclude, multapses: false, weight: {distribution: constant, value: 1}}]",
                6, c -> 1 / binomialCoefficient(4, 2), 4_000_000);
        // pairwise_bernoulli: each of the 4 cells A -> B with p = 0.3.
        checkLaw("pairwise_bernoulli, A -> B, p 0.3",
                "populations: [{name: A, size: 2}, {name: B, size: 2}]\n"
                        + "projections: [{source: A, target: B, rule: pairwise_bernoulli, p: 0.3,"
                        + " weight: {distribution: constant, value: 1}}]",
                16, c -> Math.pow(0.3, c.length) * Math.pow(0.7, 4 - c.length), 5_000_000);
        // ... 3 neurons onto themselves without autapses, p = 0.5: 2^6 equally likely sets.
        checkLaw("pairwise_bernoulli, exclude, 3 neurons, p 0.5",
                "populations: [{name: A, size: 3}]\n"
                        + "projections: [{source: A, target: A, rule: pairwise_bernoulli, p: 0.5, autapses: exclude,"
                        + " weight: {distribution: constant, value: 1}}]",
                64, c -> 1 / 64.0, 6_000_000);
        // fixed_indegree 2 of 3 others, 4 neurons, no multapses: 3^4 equally likely.
        checkLaw("fixed_indegree 2, distinct, exclude, 4 neurons",
                "populations: [{name: A, size: 4}]\n"
                        + "projections: [{source: A, target: A, rule: fixed_indegree, indegree: 2, autapses: exclude,"
                        + " multapses: false, weight: {distribution: constant, value: 1}}]",
                81, c -> 1 / 81.0, 7_000_000);
        // fixed_indegree 2 with multapses, A (2) -> B (2): each row a multiset of 2 draws of 2.
        checkLaw("fixed_indegree 2, multapses, A -> B",
                "populations: [{name: A, size: 2}, {name: B, size: 2}]\n"
                        + "projections: [{source: A, target: B, rule: fixed_indegree, indegree: 2,"
                        + " weight: {distribution: constant, value: 1}}]",
                9, c -> {
                    double p = 1;
                    for (int row = 2; row < 4; row++) {
                        List<int[]> mine = new ArrayList<>();
                        for (int[] x : c) {
                            if (x[0] == row) {
                                mine.add(x);
                            }
                        }
                        assertEquals(2, mine.size(), "in-degree of " + row);
                        p *= uniformMultiset(mine.toArray(int[][]::new), 2);
                    }
                    return p;
                }, 8_000_000);
        // Two projections merged onto the same posts: A -> B fixed 1 and B -> B bernoulli 0.5, no autapses.
        checkLaw("merged fixed_indegree and pairwise_bernoulli",
                "populations: [{name: A, size: 2}, {name: B, size: 2}]\n"
                        + "projections: [{source: B, target: B, rule: pairwise_bernoulli, p: 0.5, autapses: exclude,"
                        + " weight: {distribution: constant, value: 1}},\n"
                        + " {source: A, target: B, rule: fixed_indegree, indegree: 1,"
                        + " weight: {distribution: constant, value: 2}}]",
                16, c -> 1 / 16.0, 9_000_000);
        // fixed_outdegree 2 of the 3 others, 4 neurons, no multapses: each source's pair uniform, 3^4 outcomes.
        checkLaw("fixed_outdegree 2, distinct, exclude, 4 neurons",
                "populations: [{name: A, size: 4}]\n"
                        + "projections: [{source: A, target: A, rule: fixed_outdegree, outdegree: 2, autapses: exclude,"
                        + " multapses: false, weight: {distribution: constant, value: 1}}]",
                81, c -> 1 / 81.0, 10_000_000);
        // fixed_outdegree 2 with multapses, A (2) -> B (2): each source a multiset of 2 draws of 2 targets.
        checkLaw("fixed_outdegree 2, multapses, A -> B",
                "populations: [{name: A, size: 2}, {name: B, size: 2}]\n"
                        + "projections: [{source: A, target: B, rule: fixed_outdegree, outdegree: 2,"
                        + " weight: {distribution: constant, value: 1}}]",
                9, c -> {
                    double p = 1;
                    for (int pre = 0; pre < 2; pre++) {
                        List<int[]> mine = new ArrayList<>();
                        for (int[] x : c) {
                            if (x[1] == pre) {
                                mine.add(x);
                            }
                        }
                        assertEquals(2, mine.size(), "out-degree of " + pre);
                        p *= uniformMultiset(mine.toArray(int[][]::new), 2);
                    }
                    return p;
                }, 11_000_000);
        assertEquals(11, tests);
    }

    /** Degree laws at medium size: in-degrees of pairwise_bernoulli and of fixed_total_number with multapses. */
    @Test
    void degreeDistributionsFollowTheirLaws() {
        Network bernoulli = spec("populations: [{name: A, size: 400}, {name: B, size: 3000}]\n"
                + "projections: [{source: A, target: B, rule: pairwise_bernoulli, p: 0.05,"
                + " weight: {distribution: constant, value: 1}}]");
        EdgeRows rows = rows(bernoulli, 77);
        long[] inDegree = histogram(rows, true, 400, 3400, 400);
        Stats.assertChiSquare("pairwise_bernoulli in-degree", binomialPmf(400, 0.05), inDegree, ALPHA_EACH);
        long[] outDegree = histogram(rows, false, 0, 400, 3000);
        Stats.assertChiSquare("pairwise_bernoulli out-degree", binomialPmf(3000, 0.05), outDegree, ALPHA_EACH);

        Network total = spec("populations: [{name: A, size: 300}, {name: B, size: 4000}]\n"
                + "projections: [{source: A, target: B, rule: fixed_total_number, synapses: 120000,"
                + " weight: {distribution: constant, value: 1}}]");
        EdgeRows totalRows = rows(total, 78);
        assertEquals(120_000, totalRows.size);
        Stats.assertChiSquare("fixed_total_number multapses in-degree", binomialPmf(120_000, 1 / 4000.0),
                histogram(totalRows, true, 300, 4300, 120_000), ALPHA_EACH);
        Stats.assertChiSquare("fixed_total_number multapses out-degree", binomialPmf(120_000, 1 / 300.0),
                histogram(totalRows, false, 0, 300, 120_000), ALPHA_EACH);
    }

    /** fixed_outdegree: every source exactly K distinct targets; a target's in-degree Binomial(|S|, K / |T|). */
    @Test
    void outdegreeIsExactPerSourceAndItsInDegreesFollowTheirLaw() {
        Network network = spec("populations: [{name: A, size: 3000}, {name: B, size: 500}]\n"
                + "projections: [{source: A, target: B, rule: fixed_outdegree, outdegree: 40, multapses: false,"
                + " weight: {distribution: constant, value: 1}}]");
        ConnectomeModel model = ConnectomeModel.ofNetwork(network, 99);
        EdgeRows rows = EdgeRows.read(model, EdgeTable.RECURRENT, 65_536);
        assertEquals(3000 * 40, rows.size);
        assertSorted(rows, "outdegree");
        long[] out = histogram(rows, false, 0, 3000, 500);
        assertEquals(3000, out[40], "every source has exactly 40 targets");
        for (int i = 1; i < rows.size; i++) {
            assertTrue(rows.first[i] != rows.first[i - 1] || rows.second[i] != rows.second[i - 1], "duplicate");
        }
        Stats.assertChiSquare("fixed_outdegree in-degree", binomialPmf(3000, 40 / 500.0),
                histogram(rows, true, 3000, 3500, 3000), ALPHA_EACH);
        for (int slices : new int[] {3, 8}) {
            EdgeRows.read(model, EdgeTable.RECURRENT, Slice.plan(model, EdgeTable.RECURRENT, 5000, slices), 999)
                    .assertSameAs(rows, "outdegree in " + slices + " slices");
        }
    }

    /** repair without multapses: a full row is found up front, names the projection, and is what generation hits. */
    @Test
    void fullRowsUnderRepairAreFoundBeforeGeneration() {
        Network network = spec("populations: [{name: B, size: 1}, {name: A, size: 2}]\n"
                + "projections: [{source: A, target: all, rule: fixed_total_number, synapses: 3, autapses: repair,"
                + " multapses: false, weight: {distribution: constant, value: 1}}]");
        int full = 0;
        int fine = 0;
        for (long seed = 0; seed < 300; seed++) {
            ConnectomeModel model = ConnectomeModel.ofNetwork(network, seed);
            FullRowException upFront = null;
            try {
                ProjectionTree.requireRepairable(network, seed);
            } catch (FullRowException e) {
                upFront = e;
            }
            if (upFront != null) {
                full++;
                assertTrue(upFront.getMessage().startsWith("projections[0]: post neuron "), upFront.getMessage());
                FullRowException during = org.junit.jupiter.api.Assertions.assertThrows(FullRowException.class,
                        () -> EdgeRows.read(model, EdgeTable.RECURRENT, 64));
                assertEquals(upFront.getMessage(), during.getMessage());
            } else {
                fine++;
                EdgeRows rows = EdgeRows.read(model, EdgeTable.RECURRENT, 64);
                assertEquals(3, rows.size);
                for (int i = 0; i < rows.size; i++) {
                    assertTrue(rows.first[i] != rows.second[i], "autapse under repair");
                }
            }
        }
        assertTrue(full > 0 && fine > 0, full + " full, " + fine + " fine");
    }

    /** Counts of degree d of the posts (or pres) in [lo, hi). */
    private static long[] histogram(EdgeRows rows, boolean byPost, int lo, int hi, int maxDegree) {
        int[] degree = new int[hi - lo];
        for (int i = 0; i < rows.size; i++) {
            degree[(byPost ? rows.first[i] : rows.second[i]) - lo]++;
        }
        long[] histogram = new long[maxDegree + 1];
        for (int d : degree) {
            histogram[d]++;
        }
        return histogram;
    }

    private static double[] binomialPmf(int n, double p) {
        BinomialDistribution law = new BinomialDistribution(n, p);
        double[] pmf = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            pmf[k] = law.probability(k);
        }
        return pmf;
    }

    private static final String MIXED = "populations: [{name: E, size: 700, kind: excitatory},"
            + " {name: I, size: 200, kind: inhibitory}, {name: X, size: 300}]\n"
            + "projections:\n"
            + " - {source: E, target: all, rule: fixed_indegree, indegree: 40, autapses: exclude, multapses: false,\n"
            + "    weight: {distribution: normal, mean: 0.1, std: 0.05, dale: true},"
            + " delay: {distribution: normal, mean: 1.5, std: 0.5}}\n"
            + " - {source: I, target: [E, I], rule: pairwise_bernoulli, p: 0.1, autapses: repair,\n"
            + "    weight: {distribution: normal, mean: -0.4, std: 0.2, dale: true},"
            + " delay: {distribution: uniform, min: 0.5, max: 2}}\n"
            + " - {source: [X, I], target: [X, E], rule: fixed_total_number, synapses: 50000,\n"
            + "    weight: {X: {distribution: lognormal, mean: 0.2, std: 0.1}, I: {distribution: constant, value: -1}},"
            + " delay: {distribution: constant, value: 1}}\n"
            + " - {source: E, target: E, rule: fixed_total_number, p: 0.01, multapses: false, autapses: exclude,\n"
            + "    weight: {distribution: uniform, min: 0, max: 0.3}, delay: {distribution: constant, value: 2}}\n"
            + " - {source: X, target: [I, X], rule: fixed_outdegree, outdegree: 7, autapses: exclude,\n"
            + "    weight: {distribution: constant, value: 0.5}, delay: {distribution: constant, value: 0.3}}\n"
            + "resolution: 0.1\n";

    @Test
    void multiPopulationRowsAreExactAndIdenticalForAnySlicing() {
        Network network = spec(MIXED);
        long seed = 4242;
        ConnectomeModel model = ConnectomeModel.ofNetwork(network, seed);
        EdgeRows whole = EdgeRows.read(model, EdgeTable.RECURRENT, 65_536);
        assertEquals(model.synapses(), whole.size);
        assertSorted(whole, "mixed");
        long expected = 40L * 1200 + 50_000 + Math.round(700.0 * 700 * 0.01) + 7 * 300;
        long bernoulli = model.synapses() - expected;
        assertTrue(bernoulli > 0.1 * 200 * 900 * 0.8 && bernoulli < 0.1 * 200 * 900 * 1.2, "bernoulli " + bernoulli);
        for (int i = 0; i < whole.size; i++) {
            int post = whole.first[i];
            int pre = whole.second[i];
            double w = whole.weight[i];
            if (pre < 700) {
                assertTrue(w >= 0, "Dale: E weight " + w);
            } else if (pre < 900) {
                assertTrue(w <= 0, "Dale: I weight " + w);
            }
            double steps = whole.delay[i] / 0.1;
            assertEquals(Math.rint(steps), steps, 1e-9, "delay on the grid: " + whole.delay[i]);
            assertTrue(whole.delay[i] >= 0.1, "delay at least the resolution");
            if (pre == post && pre < 900) {
                throw new AssertionError("autapse " + post + " under exclude/repair");
            }
        }
        for (int slices : new int[] {3, 8}) {
            for (long blockRows : new long[] {1, 997, 1 << 20}) {
                EdgeRows sliced = EdgeRows.read(model, EdgeTable.RECURRENT,
                        Slice.plan(model, EdgeTable.RECURRENT, blockRows, slices), 7 + slices);
                sliced.assertSameAs(whole, slices + " slices of " + blockRows + " rows");
            }
        }
    }

    @Test
    void seedPresetIsTheFlagsModel() {
        long seed = 20261201;
        ConnectomeModel preset = ConnectomeModel.ofNetwork(NetworkSpec.load("seed"), seed);
        ConnectomeModel flags = ConnectomeModel.withProbability(10_000, 0.1, 0.8, 1.0, 1.0, 1, 1,
                AutapsePolicy.REPAIR, Topology.RANDOM, seed);
        assertEquals(flags.synapses(), preset.synapses());
        assertEquals(flags.inputs(), preset.inputs());
        assertEquals(flags.outputs(), preset.outputs());
        for (EdgeTable table : new EdgeTable[] {EdgeTable.RECURRENT, EdgeTable.INPUT, EdgeTable.OUTPUT}) {
            assertSameStream(new Slice(0, Slice.units(flags, table)).edges(flags, table),
                    new Slice(0, Slice.units(preset, table)).edges(preset, table), table.tableName());
        }
    }

    private static void assertSameStream(EdgeStream a, EdgeStream b, String what) {
        int capacity = 1 << 16;
        int[] a1 = new int[capacity];
        int[] a2 = new int[capacity];
        double[] aw = new double[capacity];
        int[] b1 = new int[capacity];
        int[] b2 = new int[capacity];
        double[] bw = new double[capacity];
        long row = 0;
        while (true) {
            int n = a.fill(a1, a2, aw, capacity);
            int m = b.fill(b1, b2, bw, capacity);
            assertEquals(n, m, what + ": batch at row " + row);
            if (n == 0) {
                return;
            }
            for (int i = 0; i < n; i++, row++) {
                if (a1[i] != b1[i] || a2[i] != b2[i] || Double.doubleToLongBits(aw[i]) != Double.doubleToLongBits(bw[i])) {
                    throw new AssertionError(what + ": row " + row + " (" + a1[i] + ", " + a2[i] + ", " + aw[i]
                            + ") vs (" + b1[i] + ", " + b2[i] + ", " + bw[i] + ")");
                }
            }
        }
    }

    @Test
    void brunel2000EveryNeuronHasExactlyItsInDegrees() {
        ConnectomeModel model = ConnectomeModel.ofNetwork(NetworkSpec.load("brunel2000"), 11);
        assertEquals(15_625_000, model.synapses());
        EdgeStream stream = new Slice(0, model.neurons()).edges(model, EdgeTable.RECURRENT);
        assertTrue(stream.hasDelay());
        int capacity = 1 << 16;
        int[] posts = new int[capacity];
        int[] pres = new int[capacity];
        double[] weights = new double[capacity];
        double[] delays = new double[capacity];
        int[] fromE = new int[12_500];
        int[] fromI = new int[12_500];
        long rows = 0;
        int lastPost = -1;
        int lastPre = -1;
        for (int n; (n = stream.fill(posts, pres, weights, delays, capacity)) > 0;) {
            for (int i = 0; i < n; i++) {
                assertTrue(posts[i] > lastPost || posts[i] == lastPost && pres[i] >= lastPre, "order");
                lastPost = posts[i];
                lastPre = pres[i];
                if (pres[i] < 10_000) {
                    fromE[posts[i]]++;
                    assertEquals(0.1, weights[i]);
                } else {
                    fromI[posts[i]]++;
                    assertEquals(-0.5, weights[i]);
                }
                assertEquals(1.5, delays[i]);
            }
            rows += n;
        }
        assertEquals(15_625_000, rows);
        for (int post = 0; post < 12_500; post++) {
            assertEquals(1000, fromE[post], "from E onto " + post);
            assertEquals(250, fromI[post], "from I onto " + post);
        }
    }

    @Test
    void potjans2014HasThePublishedCounts() {
        Network network = NetworkSpec.load("potjans2014");
        assertEquals(77_169, network.neurons());
        assertEquals(298_880_968L, network.synapses(1));
        long[][] published = {
            {45499805, 22323577, 20253647, 9670918, 3293578, 0, 2271404, 0},
            {17443694, 5018763, 4105338, 1690074, 2221213, 0, 353461, 0},
            {3503670, 756561, 24482849, 17413576, 714524, 7003, 14624432, 0},
            {8114254, 92832, 9933538, 5223272, 87836, 0, 8810905, 0},
            {10613575, 1817058, 5507804, 151900, 2040738, 2407889, 1438969, 0},
            {1241436, 169424, 607667, 12851, 319602, 430444, 132414, 0},
            {4681225, 556108, 6727570, 1320234, 4112225, 305029, 8372649, 10827677},
            {2260836, 17207, 220033, 8078, 401638, 25218, 2888426, 1354320}};
        String[] names = {"L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"};
        long[][] found = new long[8][8];
        for (Projection projection : network.projections()) {
            int target = java.util.Arrays.asList(names).indexOf(projection.targetName());
            int source = java.util.Arrays.asList(names).indexOf(projection.sourceName());
            found[target][source] += network.synapses(projection, 1);
        }
        for (int t = 0; t < 8; t++) {
            assertEquals(java.util.Arrays.toString(published[t]), java.util.Arrays.toString(found[t]), names[t]);
        }
        // One slice of L5 posts: sorted, every weight of its source's sign, delays on the grid.
        ConnectomeModel model = ConnectomeModel.ofNetwork(network, 5);
        EdgeRows rows = EdgeRows.read(model, EdgeTable.RECURRENT, List.of(new Slice(54_000, 54_200)), 65_536);
        assertSorted(rows, "potjans slice");
        assertTrue(rows.size > 100_000, "rows " + rows.size);
        for (int i = 0; i < rows.size; i++) {
            boolean excitatory = network.populationOf(rows.second[i]).excitatory();
            assertTrue(excitatory ? rows.weight[i] >= 0 : rows.weight[i] <= 0, "Dale");
            assertTrue(rows.delay[i] >= 0.1);
        }
    }
}
