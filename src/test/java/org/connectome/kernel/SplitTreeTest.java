package org.connectome.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.Topology;
import org.junit.jupiter.api.Test;

/**
 * {@link SplitTree}: the per-post synapse counts. Exactness (they sum to N_syn and fit their rows), independence
 * from how rows are grouped into cursors, the exact hypergeometric law of one row and of two rows (over many
 * seeds) and of all rows of one large network, and {@link SplitTree#firstFullRow()} against a brute-force scan.
 *
 * <p>Significance: each statistical test method makes m chi-square assertions at alpha = 0.001 / m; fixed seeds.
 */
class SplitTreeTest {

    static ConnectomeModel model(int neurons, long synapses, AutapsePolicy policy, long seed) {
        return ConnectomeModel.withSynapseCount(neurons, synapses, 0.8, 1.0, 1.0, 1, 1, policy, Topology.RANDOM,
                seed);
    }

    /** Counts of rows {@code [from, to)} from one cursor, checking the cursor's row numbering on the way. */
    static long[] counts(SplitTree tree, int from, int to) {
        long[] counts = new long[to - from];
        SplitTree.Cursor cursor = tree.rows(from, to);
        for (int row = from; row < to; row++) {
            assertTrue(cursor.hasNext(), "cursor ended before row " + row);
            assertEquals(row, cursor.nextRow());
            counts[row - from] = cursor.next();
        }
        assertFalse(cursor.hasNext(), "cursor goes past its end " + to);
        return counts;
    }

    static long[] allCounts(ConnectomeModel model) {
        return counts(new SplitTree(model), 0, model.neurons());
    }

    @Test
    void rowCountsSumToTheSynapseCountAndFitTheirRows() {
        SplittableRandom params = new SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            AutapsePolicy policy = AutapsePolicy.values()[i % 3];
            int n = (int) Math.floor(Math.exp(params.nextDouble() * Math.log(3000))) + 1;
            long max = policy == AutapsePolicy.ALLOW ? (long) n * n : (long) n * (n - 1);
            long synapses = switch (i % 4) {
                case 0 -> max;
                case 1 -> params.nextLong(Math.min(max, 3L * n) + 1);   // sparse
                default -> params.nextLong(max + 1);
            };
            assertExactCounts(model(n, synapses, policy, params.nextLong()));
        }
        assertExactCounts(model(1, 0, AutapsePolicy.REPAIR, 1));
        assertExactCounts(model(1, 1, AutapsePolicy.ALLOW, 1));
        assertExactCounts(model(1, 0, AutapsePolicy.EXCLUDE, 1));
        // A million rows: deep tree, HRUA at every level, 2^k-sized and odd-sized nodes.
        assertExactCounts(model(500_003, 25_000_000L, AutapsePolicy.REPAIR, 5));
        assertExactCounts(model((1 << 18) + 1, 3_000_000L, AutapsePolicy.EXCLUDE, 6));
    }

    /** Cells of a row the counts are drawn over (SPEC 1), independently of {@link AutapsePolicy#rowWidth}. */
    static int rowWidth(AutapsePolicy policy, int neurons) {
        return policy == AutapsePolicy.EXCLUDE ? neurons - 1 : neurons;
    }

    private static void assertExactCounts(ConnectomeModel model) {
        long width = rowWidth(model.autapses(), model.neurons());
        long[] counts = allCounts(model);
        long sum = 0;
        for (int row = 0; row < counts.length; row++) {
            assertTrue(counts[row] >= 0 && counts[row] <= width,
                    model + ": row " + row + " has " + counts[row] + " of " + width + " cells");
            sum += counts[row];
        }
        assertEquals(model.synapses(), sum, model + ": row counts do not add up");
    }

    @Test
    void countsDoNotDependOnHowRowsAreGrouped() {
        SplittableRandom params = new SplittableRandom(12);
        ConnectomeModel[] models = {
            model(1000, 50_000, AutapsePolicy.REPAIR, 1),
            model(1001, 1_000_000, AutapsePolicy.ALLOW, 2),
            model(777, 777L * 776, AutapsePolicy.EXCLUDE, 3),
            model(4096, 400, AutapsePolicy.REPAIR, 4),      // mostly empty rows: zero-subtree shortcut
            model(2, 3, AutapsePolicy.ALLOW, 5),
            model(100_000, 10_000_000, AutapsePolicy.EXCLUDE, 6),
        };
        for (ConnectomeModel model : models) {
            int n = model.neurons();
            long[] whole = allCounts(model);
            for (int trial = 0; trial < 20; trial++) {
                // Adjacent cursors at random split points, each from a fresh tree.
                int pieces = 1 + params.nextInt(Math.min(n, 12));
                int[] cuts = new int[pieces + 1];
                cuts[pieces] = n;
                for (int i = 1; i < pieces; i++) {
                    cuts[i] = params.nextInt(n + 1);
                }
                Arrays.sort(cuts);
                long[] joined = new long[n];
                for (int i = 0; i < pieces; i++) {
                    long[] piece = counts(new SplitTree(model), cuts[i], cuts[i + 1]);
                    System.arraycopy(piece, 0, joined, cuts[i], piece.length);
                }
                assertArrayEquals(whole, joined, model + ": split at " + Arrays.toString(cuts));
                // Any range alone.
                int a = params.nextInt(n + 1);
                int b = a + params.nextInt(n - a + 1);
                assertArrayEquals(Arrays.copyOfRange(whole, a, b), counts(new SplitTree(model), a, b),
                        model + ": rows [" + a + ", " + b + ")");
            }
            // Two cursors of one tree, read alternately: the tree's shared generator must not leak between them.
            SplitTree tree = new SplitTree(model);
            int half = n / 2;
            SplitTree.Cursor left = tree.rows(0, half);
            SplitTree.Cursor right = tree.rows(half, n);
            long[] interleaved = new long[n];
            for (int i = 0; i < n; i++) {
                if (i % 2 == 0 ? left.hasNext() : !right.hasNext()) {
                    interleaved[left.nextRow()] = left.next();
                } else {
                    interleaved[right.nextRow()] = right.next();
                }
            }
            assertArrayEquals(whole, interleaved, model + ": interleaved cursors");
            // Another seed gives other counts (unless all rows are forced).
            if (model.synapses() > 0 && model.synapses() < (long) rowWidth(model.autapses(), n) * n && n > 2) {
                assertFalse(Arrays.equals(whole, allCounts(model.withSeed(model.seed() + 1000))),
                        model + ": seed does not matter");
            }
        }
        SplitTree.Cursor exhausted = new SplitTree(models[0]).rows(3, 4);
        exhausted.next();
        assertThrows(IllegalStateException.class, exhausted::next);
        assertThrows(IllegalArgumentException.class, () -> new SplitTree(models[0]).rows(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> new SplitTree(models[0]).rows(5, 1001));
        assertThrows(IllegalArgumentException.class, () -> new SplitTree(models[0]).rows(6, 5));
    }

    /**
     * The count of one fixed row over 20,000 seeds is Hypergeometric(population N W, successes W, draws N_syn),
     * W = N (repair, allow) or N - 1 (exclude); and two rows jointly follow the multivariate law
     * {@code C(W, i) C(W, j) C(N W - 2 W, N_syn - i - j) / C(N W, N_syn)}. 11 chi-square tests, alpha 0.001 / 11.
     */
    @Test
    void rowCountsFollowTheHypergeometricLawOverSeeds() {
        int seeds = 20_000;
        Object[][] cases = {
            // N, N_syn, policy, rows
            {50, 250, AutapsePolicy.REPAIR, new int[] {0, 17, 49}},
            {50, 250, AutapsePolicy.EXCLUDE, new int[] {0, 31}},
            {6, 20, AutapsePolicy.EXCLUDE, new int[] {5}},           // dense: counts up to W = 5
            {7, 40, AutapsePolicy.ALLOW, new int[] {3}},             // dense: counts up to W = 7
            {33, 900, AutapsePolicy.REPAIR, new int[] {16}},
        };
        int[][] pairs = {{0, 1}, {0, 49}, {12, 13}};   // in the first case: siblings, far apart, across a split
        int tests = pairs.length;
        for (Object[] c : cases) {
            tests += ((int[]) c[3]).length;
        }
        double alpha = Stats.ALPHA / tests;
        long seedBase = 1_000_000;
        for (Object[] c : cases) {
            int n = (int) c[0];
            int synapses = (int) c[1];
            AutapsePolicy policy = (AutapsePolicy) c[2];
            int width = rowWidth(policy, n);
            for (int row : (int[]) c[3]) {
                long[] observed = new long[width + 1];
                for (int s = 0; s < seeds; s++) {
                    long count = counts(new SplitTree(model(n, synapses, policy, seedBase + s)), row, row + 1)[0];
                    assertTrue(count <= width, "row " + row + " has " + count + " > " + width);
                    observed[(int) count]++;
                }
                Stats.assertChiSquare("N " + n + ", N_syn " + synapses + ", " + policy + ", row " + row,
                        Stats.rowCountPmf(n, width, synapses), observed, alpha);
            }
            seedBase += seeds;
        }
        int n = 50;
        int synapses = 250;
        int w = n;
        for (int[] pair : pairs) {
            double[] pmf = new double[(w + 1) * (w + 1)];
            double logTotal = Stats.logBinomial(n * w, synapses);
            for (int i = 0; i <= w; i++) {
                for (int j = 0; j <= w && i + j <= synapses; j++) {
                    pmf[i * (w + 1) + j] = Math.exp(Stats.logBinomial(w, i) + Stats.logBinomial(w, j)
                            + Stats.logBinomial(n * w - 2 * w, synapses - i - j) - logTotal);
                }
            }
            long[] observed = new long[pmf.length];
            for (int s = 0; s < seeds; s++) {
                SplitTree tree = new SplitTree(model(n, synapses, AutapsePolicy.REPAIR, seedBase + s));
                long first = counts(tree, pair[0], pair[0] + 1)[0];
                long second = counts(tree, pair[1], pair[1] + 1)[0];
                observed[(int) first * (w + 1) + (int) second]++;
            }
            seedBase += seeds;
            Stats.assertChiSquare("rows " + pair[0] + " and " + pair[1] + " jointly", pmf, observed, alpha);
        }
    }

    /**
     * All 20,000 rows of one network with p = 0.01 (N_syn = 4,000,000): the histogram of row counts against the
     * hypergeometric pmf (the rows are exchangeable and only weakly, negatively, dependent, which makes the test
     * slightly conservative). Two tests (repair, exclude), alpha 0.001 / 2 each.
     */
    @Test
    void rowCountsOfOneLargeNetworkFollowTheHypergeometricLaw() {
        int n = 20_000;
        int synapses = 4_000_000;
        for (AutapsePolicy policy : new AutapsePolicy[] {AutapsePolicy.REPAIR, AutapsePolicy.EXCLUDE}) {
            int width = rowWidth(policy, n);
            long[] observed = new long[width + 1];
            for (long count : allCounts(model(n, synapses, policy, 2024 + policy.ordinal()))) {
                observed[(int) count]++;
            }
            Stats.assertChiSquare("histogram of N = 20,000 rows, " + policy, Stats.rowCountPmf(n, width, synapses),
                    observed, Stats.ALPHA / 2);
        }
    }

    /** firstFullRow is the first row holding all N cells, by a brute-force scan, whenever there is one, else -1. */
    @Test
    void firstFullRowMatchesABruteForceScan() {
        int found = 0;
        int none = 0;
        for (AutapsePolicy policy : AutapsePolicy.values()) {
            for (int n : new int[] {2, 3, 4, 5}) {
                long max = policy == AutapsePolicy.ALLOW ? (long) n * n : (long) n * (n - 1);
                for (long synapses = Math.max(0, max - 6); synapses <= max; synapses++) {
                    for (long seed = 0; seed < 300; seed++) {
                        ConnectomeModel model = model(n, synapses, policy, seed);
                        int expected = bruteForceFirstFullRow(model);
                        assertEquals(expected, new SplitTree(model).firstFullRow(), model.toString());
                        if (expected >= 0) {
                            found++;
                        } else {
                            none++;
                        }
                    }
                }
            }
        }
        // N = 300 with N_syn just below N(N-1): each row is full with probability about 1/300.
        for (long seed = 0; seed < 200; seed++) {
            for (AutapsePolicy policy : new AutapsePolicy[] {AutapsePolicy.REPAIR, AutapsePolicy.ALLOW}) {
                ConnectomeModel model = model(300, 88_290, policy, seed);
                int expected = bruteForceFirstFullRow(model);
                assertEquals(expected, new SplitTree(model).firstFullRow(), model.toString());
                if (expected >= 0) {
                    found++;
                } else {
                    none++;
                }
            }
        }
        assertTrue(found > 500 && none > 500, "both outcomes must be tested: " + found + " found, " + none + " not");
        // No row can be full under exclude (rows have N - 1 cells), nor with fewer than N synapses.
        assertEquals(-1, new SplitTree(model(5, 20, AutapsePolicy.EXCLUDE, 1)).firstFullRow());
        assertEquals(-1, new SplitTree(model(5, 4, AutapsePolicy.ALLOW, 1)).firstFullRow());
        assertEquals(-1, new SplitTree(model(20_000, 4_000_000, AutapsePolicy.REPAIR, 1)).firstFullRow());
        // A single neuron with its autapse under allow is a full row.
        assertEquals(0, new SplitTree(model(1, 1, AutapsePolicy.ALLOW, 1)).firstFullRow());
        assertEquals(-1, new SplitTree(model(1, 0, AutapsePolicy.REPAIR, 1)).firstFullRow());
    }

    /** The first row whose count is N, or -1 (a row can only reach N under repair and allow). */
    private static int bruteForceFirstFullRow(ConnectomeModel model) {
        long[] counts = allCounts(model);
        for (int row = 0; row < counts.length; row++) {
            if (counts[row] == model.neurons()) {
                return row;
            }
        }
        return -1;
    }
}
