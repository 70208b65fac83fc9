package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs joined in table order give the aggregates of the whole table, wherever the runs are cut (inside a post,
 * between the two rows of a duplicated cell, empty runs), in whatever order they arrive; checked against
 * {@link ReferenceAggregates}, computed over all rows at once. Runs out of order say so.
 */
class RecurrentRunTest {
    private static final ConnectomeModel MODEL = ConnectomeModel.withProbability(400, 0.05, 0.8, 1.0, 1.0, 1, 1,
            AutapsePolicy.REPAIR, Topology.RANDOM, 3);
    private static final int NE = MODEL.excitatoryNeurons();
    /** The model's rows with rows 100 and 5000 repeated: two duplicate cells. */
    private static final ReferenceAggregates.Rows ROWS = withRepeats(ReferenceAggregates.rows(MODEL), 100, 5000);

    static Stream<int[]> cuts() {
        Random random = new Random(5);
        int[] many = random.ints(37, 0, ROWS.size()).sorted().toArray();
        return Stream.of(new int[0], new int[] {ROWS.size() / 2 + 7}, new int[] {101, 5001},
                new int[] {3000, 3000, 3000}, many, new int[] {0, ROWS.size()});
    }

    @ParameterizedTest
    @MethodSource("cuts")
    void runsJoinToTheWholeTable(int[] cuts) {
        ReferenceAggregates reference = new ReferenceAggregates(MODEL.neurons(), NE, ROWS);
        RunSettings settings = RunSettings.of(MODEL).withRuns(cuts.length + 1);
        RecurrentAggregates aggregates = RecurrentAggregates.of(settings, shuffled(runs(settings, ROWS, cuts)));

        assertTrue(aggregates.sorted());
        assertEquals(ROWS.size(), aggregates.rows());
        assertEquals(2, reference.duplicates);
        assertEquals(reference.duplicates, aggregates.duplicates());
        assertEquals(0, aggregates.invalid() + aggregates.outside() + aggregates.autapses());
        assertEquals(ReferenceAggregates.histogram(reference.inDegree), aggregates.inDegree());
        assertEquals(ReferenceAggregates.histogram(reference.outDegree), aggregates.outDegree());
        assertArrayEquals(reference.blocks, aggregates.blocks());
        for (int population = 0; population < 2; population++) {
            assertArrayEquals(reference.weightRange(population), aggregates.weightRange(population));
            double[] moments = reference.moments(population);
            Measurements.Moments measured = population == 0 ? aggregates.excitatoryWeights()
                    : aggregates.inhibitoryWeights();
            assertEquals((long) moments[0], measured.count());
            assertEquals(moments[1], measured.mean(), 1e-12);
            assertEquals(moments[2], measured.std(), 1e-12);
        }
        double[] summed = reference.range(reference.summedInput);
        assertArrayEquals(summed, aggregates.summedInputRange(), 1e-12);

        // The second pass bins what the first measured.
        double[] weightLow = new double[2];
        double[] weightWidth = new double[2];
        for (int population = 0; population < 2; population++) {
            double[] range = reference.weightRange(population);
            weightLow[population] = range[0];
            weightWidth[population] = (range[1] - range[0]) / 20;
        }
        double summedWidth = (summed[1] - summed[0]) / 15;
        RunSettings.Binning binning = new RunSettings.Binning(weightLow, weightWidth, 20, new double[] {0, 0},
                new double[] {1, 1}, 5, summed[0], summedWidth, 15);
        RecurrentAggregates.Bins bins = aggregates.bins(runs(settings.withBinning(binning), ROWS, cuts));
        for (int population = 0; population < 2; population++) {
            assertArrayEquals(reference.weightBins(population, weightLow[population], weightWidth[population], 20),
                    bins.weights()[population]);
            assertArrayEquals(new long[5], bins.delays()[population], "no delay column");
        }
        assertArrayEquals(ReferenceAggregates.bins(reference.summedInput, summed[0], summedWidth, 15), bins.summed());
        assertEquals(MODEL.neurons(), java.util.Arrays.stream(bins.summed()).sum());
    }

    @Test
    void runsOutOfOrderAreNotSorted() {
        RunSettings settings = RunSettings.of(MODEL).withRuns(3);
        // Two runs that overlap: the second starts before the first ends.
        int[] post = ROWS.post().clone();
        int[] pre = ROWS.pre().clone();
        double[] weight = ROWS.weight().clone();
        swap(post, pre, weight, 10, 6000);
        ReferenceAggregates.Rows swapped = new ReferenceAggregates.Rows(post, pre, weight);
        assertFalse(RecurrentAggregates.of(settings, runs(settings, swapped, new int[] {4000, 8000})).sorted(),
                "each run out of order");
        assertFalse(RecurrentAggregates.of(settings, List.of(run(settings, ROWS, 0, 5000),
                run(settings, ROWS, 4000, ROWS.size()))).sorted(), "runs overlapping");
        assertTrue(RecurrentAggregates.of(settings, List.of(run(settings, ROWS, 0, 5000),
                run(settings, ROWS, 5000, ROWS.size()))).sorted());
    }

    @Test
    void nullsOutsideIdsAndAutapsesAreCountedLikeTheSqlOfStats() {
        RunSettings settings = RunSettings.of(MODEL).withRuns(1);
        RecurrentRun run = new RecurrentRun(settings);
        run.add(0, 5, 0.5, false, Double.NaN);
        run.add(1, 1, 0.5, false, Double.NaN); // autapse
        run.add(1, 400, 0.5, false, Double.NaN); // pre outside
        run.add(2, RecurrentRun.NULL_ID, 0.5, false, Double.NaN); // null pre
        run.add(3, 7, Double.NaN, false, Double.NaN); // NaN weight
        run.add(3, 8, 0, true, Double.NaN); // null weight
        RecurrentAggregates aggregates = RecurrentAggregates.of(settings, List.of(run.finish()));
        assertEquals(6, aggregates.rows());
        assertEquals(3, aggregates.invalid());
        assertEquals(1, aggregates.outside());
        assertEquals(1, aggregates.autapses());
        assertEquals(3, aggregates.excitatoryWeights().count(), "every non-null weight with a pre < Ne");
        assertEquals(1, aggregates.inhibitoryWeights().count(), "pre 400 >= Ne, out of range or not");
        assertTrue(Double.isNaN(aggregates.excitatoryWeights().mean()), "a NaN weight makes the mean NaN, as AVG");
        // In-range rows: (0,5), (1,1), (3,7), (3,8): posts 0, 1 and 3.
        assertEquals(Long.valueOf(MODEL.neurons() - 3), aggregates.inDegree().get(0L));
        assertEquals(Long.valueOf(2), aggregates.inDegree().get(1L));
        assertEquals(Long.valueOf(1), aggregates.inDegree().get(2L));
        assertArrayEquals(new double[] {0, 0.5}, aggregates.summedInputRange(), "finite weights only");
    }

    private static List<RecurrentRun> runs(RunSettings settings, ReferenceAggregates.Rows rows, int[] cuts) {
        List<RecurrentRun> runs = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            runs.add(run(settings, rows, from, cut));
            from = cut;
        }
        runs.add(run(settings, rows, from, rows.size()));
        return runs;
    }

    private static RecurrentRun run(RunSettings settings, ReferenceAggregates.Rows rows, int from, int to) {
        RecurrentRun run = new RecurrentRun(settings);
        for (int r = from; r < to; r++) {
            run.add(rows.post()[r], rows.pre()[r], rows.weight()[r], false, Double.NaN);
        }
        return run.finish();
    }

    private static List<RecurrentRun> shuffled(List<RecurrentRun> runs) {
        List<RecurrentRun> copy = new ArrayList<>(runs);
        Collections.shuffle(copy, new Random(9));
        return copy;
    }

    private static ReferenceAggregates.Rows withRepeats(ReferenceAggregates.Rows rows, int... repeated) {
        int size = rows.size() + repeated.length;
        int[] post = new int[size];
        int[] pre = new int[size];
        double[] weight = new double[size];
        int at = 0;
        int next = 0;
        for (int r = 0; r < rows.size(); r++) {
            post[at] = rows.post()[r];
            pre[at] = rows.pre()[r];
            weight[at++] = rows.weight()[r];
            if (next < repeated.length && repeated[next] == r) {
                post[at] = rows.post()[r];
                pre[at] = rows.pre()[r];
                weight[at++] = rows.weight()[r] + 0.25;
                next++;
            }
        }
        return new ReferenceAggregates.Rows(post, pre, weight);
    }

    private static void swap(int[] post, int[] pre, double[] weight, int a, int b) {
        int p = post[a];
        post[a] = post[b];
        post[b] = p;
        int q = pre[a];
        pre[a] = pre[b];
        pre[b] = q;
        double w = weight[a];
        weight[a] = weight[b];
        weight[b] = w;
    }
}
