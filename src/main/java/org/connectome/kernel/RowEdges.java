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

    /** The first index of the ascending {@code values[from .. to-1]} holding a value >= bound ({@code to} if none). */
    static int firstAtLeast(int[] values, int from, int to, long bound) {
        int low = from;
        int high = to;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (values[mid] < bound) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
