package org.connectome.kernel;

import java.util.Arrays;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.random.AesRowRandom;
import org.connectome.random.RowRandom;
import org.connectome.random.RandomStream;
import org.connectome.random.RowStream;

/**
 * The recurrent synapses {@code (post, pre, weight)} of the post neurons {@code [from, to)}, sorted by post
 * then pre. Each row comes from its own streams (pres keyed by post, weights keyed by post), so a row is the
 * same whichever slice, task or retry computes it.
 *
 * <p>Autapses: under {@code allow} a row's pres are k distinct of the N columns. Under {@code exclude} and
 * {@code repair} they are k distinct of the N - 1 off-diagonal columns; the two differ only in the row counts
 * (over N - 1 or N columns per row). For {@code repair} this is exactly the reference's law: a uniform k-subset
 * of N columns holding the diagonal, with the diagonal moved to a uniform free column, is a uniform k-subset of
 * the off-diagonal columns (the remaining k - 1 form a uniform subset, and the moved one is uniform among the
 * rest), and one without the diagonal already is one. The enumeration test checks this against the reference's
 * process.
 */
public final class RecurrentEdges extends RowEdges {
    static final int AHEAD_ROWS = AesRowRandom.MAX_PREPARED;
    /** About 40 kB of weights' keystream: the most made ahead at a time is 64 kB. */
    static final int AHEAD_SYNAPSES = 4096;
    private final AutapsePolicy autapses;
    private final int neurons;
    private final int excitatory;
    private final double meanExcitatory;
    private final double meanInhibitory;
    private final double standardDeviation;
    private final RowSplit.Cursor rows;
    private final DistinctSampler sampler = new DistinctSampler();
    private final RowStream preRandom;
    private final RowStream weightRandom;
    /** Rows counted ahead of the current one (see {@link #lookAhead}): their posts and synapse counts. */
    private final long[] aheadRows = new long[AHEAD_ROWS];
    private final int[] aheadCounts = new int[AHEAD_ROWS];
    private int aheadCount;
    private int aheadNext;


    public RecurrentEdges(ConnectomeModel model, int from, int to) {
        this.autapses = model.autapses();
        this.neurons = model.neurons();
        this.excitatory = model.excitatoryNeurons();
        double scale = model.recurrentScale();
        this.meanExcitatory = model.muExcitatory() * scale;
        this.meanInhibitory = model.muInhibitory() * scale;
        this.standardDeviation = model.sigma0() * scale;
        this.rows = new SplitTree(model).rows(from, to);
        this.preRandom = new RowStream(model.seed(), RandomStream.PRE_SAMPLE, RowStream.NUMBERS_PER_PRE);
        this.weightRandom = new RowStream(model.seed(), RandomStream.RECURRENT_WEIGHT, RowStream.NUMBERS_PER_VALUE);
    }

    /** Generates the next non-empty row; false when the slice is exhausted. */
    @Override
    boolean makeNextRow() {
        if (aheadNext == aheadCount && !lookAhead()) {
            return false;
        }
        generateRow((int) aheadRows[aheadNext], aheadCounts[aheadNext]);
        aheadNext++;
        return true;
    }

    /**
     * Reads the next non-empty rows' counts (up to {@value #AHEAD_ROWS} rows or {@value #AHEAD_SYNAPSES} synapses)
     * and announces them to both streams, which make their keystream in one call each; false if none is left.
     */
    private boolean lookAhead() {
        aheadNext = 0;
        aheadCount = 0;
        long synapses = 0;
        while (aheadCount < AHEAD_ROWS && synapses < AHEAD_SYNAPSES && rows.hasNext()) {
            int row = rows.nextRow();
            long count = rows.next();
            if (count > 0) {
                aheadRows[aheadCount] = row;
                aheadCounts[aheadCount] = (int) count;
                aheadCount++;
                synapses += count;
            }
        }
        preRandom.prepare(aheadRows, 0, aheadCounts, aheadCount);
        weightRandom.prepare(aheadRows, 0, aheadCounts, aheadCount);
        return aheadCount > 0;
    }

    private void generateRow(int row, int k) {
        if (pres.length < k) {
            pres = new int[Math.max(k, pres.length * 2)];
            weights = new double[pres.length];
        }
        long width = autapses.keepsAutapses() ? neurons : neurons - 1L;
        if (k > width) {
            throw new FullRowException(row, neurons);
        }
        sampler.sample(preRandom.reset(row, 0, k), width, k, pres);
        if (!autapses.keepsAutapses()) {
            // Off-diagonal column j is pre j below the post, pre j + 1 from it on; the order is kept.
            for (int i = firstAtLeast(pres, 0, k, row); i < k; i++) {
                pres[i]++;
            }
        }
        RowRandom random = weightRandom.reset(row, 0, k);
        int firstInhibitory = firstAtLeast(pres, 0, k, excitatory);
        random.fillNormal(weights, 0, firstInhibitory, meanExcitatory, standardDeviation);
        random.fillNormal(weights, firstInhibitory, k, meanInhibitory, standardDeviation);
        post = row;
        rowSize = k;
    }
}
