package org.connectome.kernel;

import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.random.Hypergeometric;
import org.connectome.random.KeyedRandom;
import org.connectome.random.RandomStream;

/**
 * The exact number of synapses of every post neuron, without communication.
 *
 * <p>A fixed binary tree over the posts {@code [0, N)}: a node holding {@code c} synapses over rows
 * {@code [a, b)} splits at {@code m = (a + b) / 2}, the left child drawing
 * {@code Hypergeometric(good = (m - a) W, bad = (b - m) W, draws = c)} with W cells per row, the right child
 * the rest. Each node's draw comes from the stream keyed by the node, so any range of rows is computed by
 * walking only the nodes that cover it, and the counts never depend on how rows are grouped (the scheme of
 * KaGen's G(n,m) generator, made independent of the chunk count).
 */
public final class SplitTree {
    private final int neurons;
    private final long rowWidth;
    private final long synapses;
    private final KeyedRandom random;

    public SplitTree(ConnectomeModel model) {
        this.neurons = model.neurons();
        this.rowWidth = model.autapses().rowWidth(model.neurons());
        this.synapses = model.synapses();
        this.random = new KeyedRandom(model.seed(), RandomStream.SPLIT_TREE);
    }

    /** A cursor over the counts of rows {@code from .. to-1}, in order. */
    public Cursor rows(int from, int to) {
        if (from < 0 || to > neurons || from > to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") outside [0, " + neurons + ")");
        }
        return new Cursor(from, to);
    }

    /**
     * The first post neuron whose row holds all N cells, or -1. Under {@link AutapsePolicy#REPAIR} such a row
     * has an autapse with nowhere to move. Visits only nodes holding at least N synapses, about 2 N p nodes.
     */
    public int firstFullRow() {
        if (rowWidth < neurons || synapses < neurons) {
            return -1;
        }
        return firstFullRow(0, neurons, synapses);
    }

    private int firstFullRow(int a, int b, long count) {
        if (count < neurons) {
            return -1;
        }
        if (b - a == 1) {
            return a;
        }
        int m = midpoint(a, b);
        long left = leftCount(a, m, b, count);
        int found = firstFullRow(a, m, left);
        return found >= 0 ? found : firstFullRow(m, b, count - left);
    }

    private long leftCount(int a, int m, int b, long count) {
        random.reset(nodeKey(a, b));
        return Hypergeometric.sample(random, (m - a) * rowWidth, (b - m) * rowWidth, count);
    }

    private static int midpoint(int a, int b) {
        return (int) (((long) a + b) >>> 1);
    }

    /** Unique per node: a node is its row range, and both ends fit 32 bits. */
    private static long nodeKey(int a, int b) {
        return ((long) a << 32) | b;
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
                push(0, neurons, synapses);
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
