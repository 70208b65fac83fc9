package org.connectome.kernel;

import org.connectome.model.ConnectomeModel;
import org.connectome.random.KeyedRandom;
import org.connectome.random.RandomStream;

/**
 * A dense weight matrix stored as an edge table: cells {@code [from, to)} of a {@code rows x columns} matrix in
 * row-major order, each weight {@code Normal(0, 1) * scale} drawn from the stream keyed by its cell, so any
 * slice of any row can be computed alone.
 */
public final class DenseWeights implements EdgeStream {
    private final long columns;
    private final double scale;
    private final long end;
    private final KeyedRandom random;
    private long cell;

    private DenseWeights(long seed, RandomStream stream, long columns, double scale, long from, long to) {
        this.columns = columns;
        this.scale = scale;
        this.cell = from;
        this.end = to;
        this.random = new KeyedRandom(seed, stream);
    }

    /** Input weights {@code (post, input)}, shape {@code (N, N_input)}, over cells {@code [from, to)}. */
    public static DenseWeights input(ConnectomeModel model, long from, long to) {
        return new DenseWeights(model.seed(), RandomStream.INPUT_WEIGHT, model.inputs(), model.inputScale(),
                from, to);
    }

    /** Output weights {@code (output, pre)}, shape {@code (N_output, N)}, over cells {@code [from, to)}. */
    public static DenseWeights output(ConnectomeModel model, long from, long to) {
        return new DenseWeights(model.seed(), RandomStream.OUTPUT_WEIGHT, model.neurons(), model.outputScale(),
                from, to);
    }

    @Override
    public int fill(int[] first, int[] second, double[] weight, double[] delay, int capacity) {
        int n = (int) Math.min(capacity, end - cell);
        if (n <= 0) {
            return 0;
        }
        long row = cell / columns;
        long column = cell % columns;
        for (int i = 0; i < n; i++) {
            first[i] = (int) row;
            second[i] = (int) column;
            weight[i] = scale * random.reset(cell + i).nextGaussian();
            if (++column == columns) {
                column = 0;
                row++;
            }
        }
        cell += n;
        return n;
    }
}
