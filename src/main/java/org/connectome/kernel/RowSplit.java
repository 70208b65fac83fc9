package org.connectome.kernel;

import java.util.function.IntPredicate;

/**
 * A count of synapses split over rows {@code [0, rows)} by a fixed binary tree: a node holding {@code c} synapses
 * over rows {@code [a, b)} splits at {@code m = (a + b) / 2}, its left child drawing its share from a stream keyed
 * by the node ({@link #leftCount}), the right child taking the rest. Any range of rows is computed by walking only
 * the nodes that cover it, so the counts never depend on how rows are grouped (KaGen's communication-free G(n,m)
 * scheme, made independent of the chunk count). Subclasses say how a node's count splits.
 */
public abstract class RowSplit {
    private final int rows;
    private final long total;

    RowSplit(int rows, long total) {
        this.rows = rows;
        this.total = total;
    }

    /** The left child's share of a node holding {@code count} synapses over rows {@code [a, b)}, split at m. */
    abstract long leftCount(int a, int m, int b, long count);

    static int midpoint(int a, int b) {
        return (int) (((long) a + b) >>> 1);
    }

    /**
     * The first row holding at least {@code threshold} synapses that {@code accepts}, or -1. Visits only the nodes
     * holding at least {@code threshold}: about 2 total / threshold of them.
     */
    int firstRowHolding(long threshold, IntPredicate accepts) {
        return firstRowHolding(0, rows, total, threshold, accepts);
    }

    private int firstRowHolding(int a, int b, long count, long threshold, IntPredicate accepts) {
        if (count < threshold) {
            return -1;
        }
        if (b - a == 1) {
            return accepts.test(a) ? a : -1;
        }
        int m = midpoint(a, b);
        long left = leftCount(a, m, b, count);
        int found = firstRowHolding(a, m, left, threshold, accepts);
        return found >= 0 ? found : firstRowHolding(m, b, count - left, threshold, accepts);
    }

    /** A cursor over the counts of rows {@code from .. to-1}, in order. */
    public Cursor rows(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") outside [0, " + rows + ")");
        }
        return new Cursor(from, to);
    }

    /**
     * Streams the counts of a row range by an in-order walk that keeps only the path to the current row:
     * O(log N) memory, and O(rows + log N) draws for the whole range.
     */
    public final class Cursor {
        private final int to;
        private final int from;
        // Pending nodes, the next one on top: row ranges and their counts.
        private final int[] starts = new int[66];
        private final int[] ends = new int[66];
        private final long[] counts = new long[66];
        private int depth;
        private int nextRow;
        // Rows of an empty subtree still to be reported as zeros.
        private int zeroRowsEnd;

        private Cursor(int from, int to) {
            this.from = from;
            this.to = to;
            this.nextRow = from;
            this.zeroRowsEnd = from;
            if (from < to) {
                push(0, rows, total);
            }
        }

        /** Whether {@link #next()} has another row. */
        public boolean hasNext() {
            return nextRow < to;
        }

        /** The row {@link #next()} reports next. */
        public int nextRow() {
            return nextRow;
        }

        /** The synapse count of the next row. */
        public long next() {
            if (nextRow >= to) {
                throw new IllegalStateException("no row left in [" + from + ", " + to + ")");
            }
            if (nextRow < zeroRowsEnd) {
                nextRow++;
                return 0;
            }
            while (true) {
                depth--;
                int a = starts[depth];
                int b = ends[depth];
                long count = counts[depth];
                if (b <= nextRow) {
                    continue; // entirely before the range
                }
                if (count == 0) {
                    zeroRowsEnd = b;
                    nextRow++;
                    return 0;
                }
                if (b - a == 1) {
                    nextRow++;
                    return count;
                }
                int m = midpoint(a, b);
                long left = leftCount(a, m, b, count);
                if (m < to) {
                    push(m, b, count - left);
                }
                push(a, m, left);
            }
        }

        private void push(int a, int b, long count) {
            starts[depth] = a;
            ends[depth] = b;
            counts[depth] = count;
            depth++;
        }
    }
}
