package org.connectome.kernel;

import java.util.Arrays;

/**
 * An edge stream that makes one post row at a time, into {@link #pres}, {@link #weights} (and {@link #delays}),
 * and hands it out in batches of any size: rows are made whole, batches are cut anywhere.
 */
public abstract class RowEdges implements EdgeStream {
    /** The current row: its post, its pres (ascending), their weights and delays, its length. */
    int post;
    int[] pres = new int[0];
    double[] weights = new double[0];
    double[] delays = new double[0];
    int rowSize;
    private int rowPosition;

    /**
     * Makes the next non-empty row into {@link #post}, {@link #pres}, {@link #weights}, {@link #delays} when the
     * stream has them, and {@link #rowSize}; false when the slice is exhausted.
     */
    abstract boolean makeNextRow();

    @Override
    public final int fill(int[] first, int[] second, double[] weight, double[] delay, int capacity) {
        boolean withDelays = hasDelay();
        int written = 0;
        while (written < capacity) {
            if (rowPosition == rowSize) {
                if (!makeNextRow()) {
                    break;
                }
                rowPosition = 0;
            }
            int n = Math.min(capacity - written, rowSize - rowPosition);
            Arrays.fill(first, written, written + n, post);
            System.arraycopy(pres, rowPosition, second, written, n);
            System.arraycopy(weights, rowPosition, weight, written, n);
            if (withDelays) {
                System.arraycopy(delays, rowPosition, delay, written, n);
            }
            rowPosition += n;
            written += n;
        }
        return written;
    }

    /**
     * The first index of the ascending {@code values[from .. to-1]} holding a value >= bound ({@code to} if none).
     * Branch-free (each halving step a conditional move): with rows of about 100 synapses, a branchy search's
     * mispredictions were most of its cost, twice a row.
     */
    static int firstAtLeast(int[] values, int from, int to, long bound) {
        int n = to - from;
        if (n == 0) {
            return from;
        }
        // Invariant: the answer is in [base, base + n].
        int base = from;
        while (n > 1) {
            int half = n >>> 1;
            base = values[base + half] < bound ? base + half : base;
            n -= half;
        }
        return values[base] < bound ? base + 1 : base;
    }
}
