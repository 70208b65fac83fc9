package org.connectome.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.InvalidParameterException;
import org.connectome.model.Topology;
import org.junit.jupiter.api.Test;

/**
 * {@link RecurrentEdges} read through {@link Slice#edges} and {@link EdgeStream#fill}: exactly N_syn distinct
 * synapses sorted by (post, pre), ids in range, no autapse unless allowed, rows agreeing with the split tree's
 * counts, the same rows for every slicing and fill capacity, the edge cases of SPEC 1 and the full-row error.
 */
class RecurrentEdgesTest {
    private static final int[] CAPACITIES = {1, 7, 65_536};

    static ConnectomeModel model(int neurons, long synapses, AutapsePolicy policy, long seed) {
        return SplitTreeTest.model(neurons, synapses, policy, seed);
    }

    static EdgeRows readAll(ConnectomeModel model, int capacity) {
        return EdgeRows.read(model, EdgeTable.RECURRENT, capacity);
    }

    /** Every property of a correct recurrent table that does not need statistics. */
    static void assertExact(ConnectomeModel model, EdgeRows rows) {
        String what = model.toString();
        int n = model.neurons();
        assertEquals(model.synapses(), rows.size, what + ": row count");
        long[] perPost = new long[n];
        for (int i = 0; i < rows.size; i++) {
            int post = rows.first[i];
            int pre = rows.second[i];
            assertTrue(post >= 0 && post < n && pre >= 0 && pre < n,
                    what + ": (" + post + ", " + pre + ") out of range");
            if (!model.autapses().keepsAutapses()) {
                assertTrue(post != pre, what + ": autapse (" + post + ", " + pre + ") under " + model.autapses());
            }
            if (i > 0) {
                int previousPost = rows.first[i - 1];
                int previousPre = rows.second[i - 1];
                assertTrue(previousPost < post || (previousPost == post && previousPre < pre),
                        what + ": (" + previousPost + ", " + previousPre + ") then (" + post + ", " + pre
                                + "): not strictly ascending (unsorted or duplicate)");
            }
            perPost[post]++;
        }
        // The rows hold exactly the counts of the split tree.
        assertTrue(Arrays.equals(SplitTreeTest.allCounts(model), perPost), what + ": rows differ from the tree");
    }

    @Test
    void randomSmallNetworksAreExact() {
        SplittableRandom params = new SplittableRandom(21);
        int fullRows = 0;
        for (int i = 0; i < 600; i++) {
            AutapsePolicy policy = AutapsePolicy.values()[i % 3];
            int n = 1 + params.nextInt(i < 300 ? 12 : 80);
            long max = policy == AutapsePolicy.ALLOW ? (long) n * n : (long) n * (n - 1);
            long synapses = i % 5 == 0 ? max : params.nextLong(max + 1);
            ConnectomeModel model = model(n, synapses, policy, params.nextLong());
            int capacity = CAPACITIES[i % CAPACITIES.length];
            int fullRow = new SplitTree(model).firstFullRow();
            if (policy == AutapsePolicy.REPAIR && fullRow >= 0) {
                FullRowException e = assertThrows(FullRowException.class, () -> readAll(model, capacity));
                assertTrue(e.getMessage().contains("post neuron " + fullRow + " "), e.getMessage());
                fullRows++;
            } else {
                assertExact(model, readAll(model, capacity));
            }
        }
        assertTrue(fullRows > 10, "only " + fullRows + " full rows met");
    }

    @Test
    void rowsDoNotDependOnSlicingOrFillCapacity() {
        ConnectomeModel[] models = {
            model(500, 12_500, AutapsePolicy.REPAIR, 31),
            model(3000, 18_000, AutapsePolicy.EXCLUDE, 32),
            model(200, 30_000, AutapsePolicy.ALLOW, 33),
            model(64, 64 * 63, AutapsePolicy.EXCLUDE, 34),
        };
        long[] blockRows = {1, 7, 1000, 12_345, Slice.DEFAULT_BLOCK_ROWS};
        int[] partitions = {1, 3, 8};
        SplittableRandom params = new SplittableRandom(22);
        for (ConnectomeModel model : models) {
            EdgeRows reference = readAll(model, 65_536);
            assertExact(model, reference);
            for (long block : blockRows) {
                for (int slices : partitions) {
                    List<Slice> plan = Slice.plan(model, EdgeTable.RECURRENT, block, slices);
                    assertCovers(plan, model.neurons());
                    assertTrue(plan.size() <= slices, "more slices than asked");
                    int capacity = CAPACITIES[params.nextInt(CAPACITIES.length)];
                    EdgeRows rows = EdgeRows.read(model, EdgeTable.RECURRENT, plan, capacity);
                    rows.assertSameAs(reference, model + ", blocks of " + block + " rows, " + slices
                            + " slices, capacity " + capacity);
                }
            }
            for (int capacity : CAPACITIES) {
                readAll(model, capacity).assertSameAs(reference, model + ", capacity " + capacity);
            }
            // Arbitrary cuts, not only the plan's.
            for (int trial = 0; trial < 5; trial++) {
                List<Slice> cuts = randomCuts(params, model.neurons());
                EdgeRows rows = EdgeRows.read(model, EdgeTable.RECURRENT, cuts, 1 + params.nextInt(100));
                rows.assertSameAs(reference, model + ", cuts " + cuts);
            }
            // Another seed, other synapses.
            EdgeRows other = readAll(model.withSeed(model.seed() + 1), 65_536);
            if (model.synapses() < (long) SplitTreeTest.rowWidth(model.autapses(), model.neurons()) * model.neurons()) {
                assertFalse(Arrays.equals(other.cells(model.neurons()), reference.cells(model.neurons())),
                        model + ": the seed does not change the synapses");
            }
            assertFalse(Arrays.equals(other.weight, reference.weight), model + ": the seed does not change weights");
        }
    }

    private static void assertCovers(List<Slice> plan, long units) {
        long next = 0;
        for (Slice slice : plan) {
            assertEquals(next, slice.start(), "plan " + plan + " is not contiguous");
            assertTrue(slice.end() > slice.start(), "empty slice in " + plan);
            next = slice.end();
        }
        assertEquals(units, next, "plan " + plan + " does not cover all units");
    }

    private static List<Slice> randomCuts(SplittableRandom params, int units) {
        int pieces = 1 + params.nextInt(Math.min(units, 10));
        int[] cuts = new int[pieces + 1];
        cuts[pieces] = units;
        for (int i = 1; i < pieces; i++) {
            cuts[i] = params.nextInt(units + 1);
        }
        Arrays.sort(cuts);
        List<Slice> slices = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            slices.add(new Slice(cuts[i], cuts[i + 1]));
        }
        return slices;
    }

    @Test
    void edgeCases() {
        for (AutapsePolicy policy : AutapsePolicy.values()) {
            // N = 1, p = 0: nothing.
            ConnectomeModel single = ConnectomeModel.withProbability(1, 0.0, 0.8, 1, 1, 1, 1, policy,
                    Topology.RANDOM, 7);
            assertEquals(0, single.synapses());
            assertEquals(0, readAll(single, 7).size);
            // p = 0: nothing, whatever N.
            ConnectomeModel empty = ConnectomeModel.withProbability(100, 0.0, 0.8, 1, 1, 1, 1, policy,
                    Topology.RANDOM, 7);
            assertEquals(0, readAll(empty, 7).size);
            assertEquals(1, Slice.plan(empty, EdgeTable.RECURRENT, 1000, 4).size(), "one (empty) slice");
        }
        // N = 1, p = 1 under allow: the single autapse.
        ConnectomeModel autapse = ConnectomeModel.withProbability(1, 1.0, 0.8, 1, 1, 1, 1, AutapsePolicy.ALLOW,
                Topology.RANDOM, 7);
        EdgeRows one = readAll(autapse, 1);
        assertEquals(1, one.size);
        assertEquals(0, one.first[0]);
        assertEquals(0, one.second[0]);
        // ... and impossible without autapses.
        for (AutapsePolicy policy : new AutapsePolicy[] {AutapsePolicy.REPAIR, AutapsePolicy.EXCLUDE}) {
            assertThrows(InvalidParameterException.class, () -> ConnectomeModel.withProbability(1, 1.0, 0.8, 1, 1,
                    1, 1, policy, Topology.RANDOM, 7));
        }
        // p = 1 under allow: all N^2 cells, in order.
        int n = 40;
        EdgeRows all = readAll(ConnectomeModel.withProbability(n, 1.0, 0.8, 1, 1, 1, 1, AutapsePolicy.ALLOW,
                Topology.RANDOM, 8), 7);
        assertEquals((long) n * n, all.size);
        for (int i = 0; i < all.size; i++) {
            assertEquals(i / n, all.first[i]);
            assertEquals(i % n, all.second[i]);
        }
        // N_syn = N(N-1) under exclude: all off-diagonal cells, in order.
        EdgeRows offDiagonal = readAll(model(n, (long) n * (n - 1), AutapsePolicy.EXCLUDE, 9), 65_536);
        assertEquals((long) n * (n - 1), offDiagonal.size);
        int i = 0;
        for (int post = 0; post < n; post++) {
            for (int pre = 0; pre < n; pre++) {
                if (pre != post) {
                    assertEquals(post, offDiagonal.first[i]);
                    assertEquals(pre, offDiagonal.second[i]);
                    i++;
                }
            }
        }
        // The model refuses counts the policy cannot place.
        assertThrows(InvalidParameterException.class, () -> model(10, 91, AutapsePolicy.REPAIR, 1));
        assertThrows(InvalidParameterException.class, () -> model(10, 91, AutapsePolicy.EXCLUDE, 1));
        assertThrows(InvalidParameterException.class, () -> model(10, 101, AutapsePolicy.ALLOW, 1));
        model(10, 90, AutapsePolicy.REPAIR, 1);
        model(10, 90, AutapsePolicy.EXCLUDE, 1);
        model(10, 100, AutapsePolicy.ALLOW, 1);
    }

    /**
     * Under repair, a row drawn all N cells is an error naming that row, raised by the slice that holds it (and
     * only by it); the same seed under exclude or allow is fine.
     */
    @Test
    void repairOfAFullRowFailsNamingTheRow() {
        int n = 6;
        long synapses = 24; // of N(N-1) = 30
        long seed = 0;
        int found = -1;
        while (found < 1 && seed < 10_000) {   // a full row that is not row 0, so that a slice lies before it
            found = new SplitTree(model(n, synapses, AutapsePolicy.REPAIR, ++seed)).firstFullRow();
        }
        int fullRow = found;
        assertTrue(fullRow >= 1, "no seed below 10,000 gives a full row other than row 0");
        ConnectomeModel model = model(n, synapses, AutapsePolicy.REPAIR, seed);
        long[] counts = SplitTreeTest.allCounts(model);
        assertEquals(n, counts[fullRow]);

        FullRowException e = assertThrows(FullRowException.class, () -> readAll(model, 65_536));
        assertInstanceOf(InvalidParameterException.class, e, "a user error (exit code 2, one line)");
        assertTrue(e.getMessage().contains("post neuron " + fullRow + " "), e.getMessage());
        assertTrue(e.getMessage().contains("--autapses exclude"), e.getMessage());
        // Rows before it are generated; the slice holding it fails.
        EdgeRows before = new EdgeRows().append(new Slice(0, fullRow).edges(model, EdgeTable.RECURRENT), 3);
        long expected = 0;
        for (int row = 0; row < fullRow; row++) {
            expected += counts[row];
        }
        assertEquals(expected, before.size);
        assertThrows(FullRowException.class,
                () -> new EdgeRows().append(new Slice(fullRow, fullRow + 1).edges(model, EdgeTable.RECURRENT), 3));
        // Under allow the same counts are fine (the row is all N cells, autapse included).
        ConnectomeModel allow = model(n, synapses, AutapsePolicy.ALLOW, seed);
        EdgeRows allowed = readAll(allow, 65_536);
        assertExact(allow, allowed);
        assertEquals(n, SplitTreeTest.allCounts(allow)[fullRow]);
        ConnectomeModel exclude = model(n, synapses, AutapsePolicy.EXCLUDE, seed);
        assertExact(exclude, readAll(exclude, 1));
    }
}
