package org.connectome.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.junit.jupiter.api.Test;

/**
 * The core correctness test: for N = 3 and N = 4, the frequency of every possible synapse set over 40,000 seeds
 * against the exact law of the REFERENCE's process (reference/networks.py, create_topology), computed here by
 * enumeration, independently of the implementation's method:
 * <ul>
 *   <li>{@code allow}: every N_syn-subset of the N^2 cells equally likely;</li>
 *   <li>{@code exclude}: every N_syn-subset of the N(N-1) off-diagonal cells equally likely;</li>
 *   <li>{@code repair}: every N_syn-subset of the N^2 cells equally likely, then in each row whose diagonal cell
 *       is chosen that cell moves to a column of the row not chosen before, each with equal probability. A
 *       subset with a full row has no outcome (the reference loops forever; we raise {@link FullRowException}):
 *       the failure count is tested against its exact binomial law, and the outcomes of the other seeds against
 *       the law conditioned on no full row.</li>
 * </ul>
 * The implementation realises repair differently (row counts over N columns, then a uniform subset of the N - 1
 * off-diagonal columns), so this test is what shows the two are the same law.
 *
 * <p>Significance: {@value #TESTS} assertions (one chi-square per case, one binomial test per repair case that can
 * hit a full row), each at alpha = 0.001 / {@value #TESTS}; fixed seeds.
 */
class ExactDistributionTest {
    private static final int SEEDS = 40_000;
    private static final int TESTS = 25;
    private static final double ALPHA_EACH = Stats.ALPHA / TESTS;

    /** N, N_syn for each policy. */
    private static final int[][] ALLOW = {{3, 1}, {3, 2}, {3, 4}, {3, 7}, {4, 2}};
    private static final int[][] EXCLUDE = {{3, 1}, {3, 2}, {3, 3}, {3, 5}, {4, 3}};
    private static final int[][] REPAIR = {{3, 1}, {3, 2}, {3, 3}, {3, 4}, {3, 5}, {3, 6}, {4, 2}, {4, 4},
        {4, 10}, {4, 12}};

    private int tests;

    @Test
    void everySynapseSetHasTheReferencesProbability() {
        long seedBase = 0;
        for (int[] c : ALLOW) {
            check(AutapsePolicy.ALLOW, c[0], c[1], seedBase += SEEDS);
        }
        for (int[] c : EXCLUDE) {
            check(AutapsePolicy.EXCLUDE, c[0], c[1], seedBase += SEEDS);
        }
        for (int[] c : REPAIR) {
            check(AutapsePolicy.REPAIR, c[0], c[1], seedBase += SEEDS);
        }
        assertEquals(TESTS, tests, "TESTS must count the assertions made, for the Bonferroni correction");
    }

    private void check(AutapsePolicy policy, int n, int synapses, long seedBase) {
        String what = policy + ", N " + n + ", N_syn " + synapses;
        double[] law = new double[1 << (n * n)];
        double failure = referenceLaw(policy, n, synapses, law);

        long[] observed = new long[law.length];
        int failures = 0;
        int[] post = new int[16];
        int[] pre = new int[16];
        double[] weight = new double[16];
        for (int s = 0; s < SEEDS; s++) {
            ConnectomeModel model = SplitTreeTest.model(n, synapses, policy, seedBase + s);
            EdgeStream edges = new Slice(0, n).edges(model, EdgeTable.RECURRENT);
            int cells = 0;
            int rows = 0;
            try {
                for (int filled; (filled = edges.fill(post, pre, weight, 16 - rows)) > 0; ) {
                    for (int i = 0; i < filled; i++) {
                        cells |= 1 << (post[i] * n + pre[i]);
                    }
                    rows += filled;
                }
            } catch (FullRowException e) {
                failures++;
                continue;
            }
            assertEquals(synapses, Integer.bitCount(cells), what + ", seed " + (seedBase + s) + ": not N_syn cells");
            observed[cells]++;
        }

        if (failure == 0) {
            assertEquals(0, failures, what + ": full rows where none can be");
        } else {
            // Two-sided exact binomial test of the number of seeds that hit a full row.
            BinomialDistribution count = new BinomialDistribution(null, SEEDS, failure);
            double p = Math.min(1, 2 * Math.min(count.cumulativeProbability(failures),
                    1 - count.cumulativeProbability(failures - 1)));
            Stats.report(what + ": " + failures + " full rows, expected " + failure * SEEDS, p);
            assertTrue(p > ALPHA_EACH, what + ": " + failures + " seeds hit a full row, expected " + failure * SEEDS
                    + " (p = " + p + ")");
            tests++;
        }
        if (failure < 1) {
            for (int i = 0; i < law.length; i++) {
                law[i] /= 1 - failure;
            }
            int outcomes = 0;
            for (double p : law) {
                outcomes += p > 0 ? 1 : 0;
            }
            if (outcomes > 1) {
                Stats.assertChiSquare(what + " (" + outcomes + " synapse sets)", law, observed, ALPHA_EACH);
                tests++;
            } else {
                // A single possible set (all off-diagonal cells): every seed that succeeded must give it.
                for (int i = 0; i < law.length; i++) {
                    assertTrue(law[i] > 0 || observed[i] == 0, what + ": drew the impossible set " + i);
                }
            }
        }
    }

    /**
     * Fills {@code law[cells]} with the probability of each synapse set (a bitmask over {@code post * N + pre})
     * under the reference's process and returns the probability of a full row under repair (0 otherwise).
     */
    static double referenceLaw(AutapsePolicy policy, int n, int synapses, double[] law) {
        int all = n * n;
        double failure = 0;
        int eligible = 0;
        for (int mask = 0; mask < 1 << all; mask++) {
            if (Integer.bitCount(mask) == synapses && (policy != AutapsePolicy.EXCLUDE || (mask & diagonal(n)) == 0)) {
                eligible++;
            }
        }
        double each = 1.0 / eligible;
        for (int mask = 0; mask < 1 << all; mask++) {
            if (Integer.bitCount(mask) != synapses) {
                continue;
            }
            switch (policy) {
                case ALLOW -> law[mask] += each;
                case EXCLUDE -> law[mask] += (mask & diagonal(n)) == 0 ? each : 0;
                case REPAIR -> failure += repair(n, mask, 0, each, law);
            }
        }
        double total = failure;
        for (double p : law) {
            total += p;
        }
        assertEquals(1.0, total, 1e-12, "the enumeration lost probability");
        return failure;
    }

    /**
     * The reference's repair of rows {@code row ..} of {@code mask}, which has probability {@code p}: a row with its
     * diagonal cell chosen moves it to each column not chosen in that row with equal probability. Adds the outcomes
     * to {@code law}; returns the probability lost to full rows.
     */
    private static double repair(int n, int mask, int row, double p, double[] law) {
        if (row == n) {
            law[mask] += p;
            return 0;
        }
        int rowMask = ((1 << n) - 1) << (row * n);
        int self = 1 << (row * n + row);
        if ((mask & self) == 0) {
            return repair(n, mask, row + 1, p, law);
        }
        int free = ~mask & rowMask;
        if (free == 0) {
            return p; // the reference's while loop never ends
        }
        double lost = 0;
        int choices = Integer.bitCount(free);
        for (int rest = free; rest != 0; rest &= rest - 1) {
            int target = Integer.lowestOneBit(rest);
            lost += repair(n, (mask & ~self) | target, row + 1, p / choices, law);
        }
        return lost;
    }

    private static int diagonal(int n) {
        int mask = 0;
        for (int k = 0; k < n; k++) {
            mask |= 1 << (k * n + k);
        }
        return mask;
    }
}
