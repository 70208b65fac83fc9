package org.connectome.kernel;

import java.util.Arrays;
import org.connectome.model.NeuronSet;
import org.connectome.model.Projection;
import org.connectome.random.Binomial;
import org.connectome.random.Hypergeometric;
import org.connectome.random.KeyedRandom;
import org.connectome.random.RandomStream;

/**
 * fixed_outdegree, exact and per post: every source's K targets come from a split tree of its own over the
 * projection's target rows (keyed by (node, projection, source)): a node's left share of the source's targets is
 * hypergeometric over the rows (distinct targets) or binomial (multapses), and a row's leaf holds how many times
 * the source reaches it. A window of target rows is computed by walking every source's tree over the window only,
 * and the pairs are sorted by (post, pre): the rows never depend on the windows or slices. The cost is a tree walk
 * per synapse (about log2 |T| draws) and one descent per source per window: the slowest rule.
 */
final class OutdegreeRows {
    /** Synapses a window aims at. */
    private static final long WINDOW_SYNAPSES = 1 << 20;

    private final Projection projection;
    private final NeuronSet sources;
    private final NeuronSet targets;
    private final int rows;
    private final long degree;
    private final boolean multapses;
    private final boolean excludesSelf;
    private final KeyedRandom random;
    private final int windowRows;
    private final int endRow;
    private long[] pairs = new long[16];
    private int pairCount;
    private int position;
    private int windowEnd;
    // Explicit stack of the walk: row ranges and counts.
    private final int[] starts = new int[66];
    private final int[] ends = new int[66];
    private final long[] counts = new long[66];

    OutdegreeRows(Projection projection, long seed, int firstRow, int endRow) {
        this.projection = projection;
        this.sources = projection.sources();
        this.targets = projection.targets();
        this.rows = Math.toIntExact(targets.size());
        this.degree = projection.fixedCount();
        this.multapses = projection.multapses();
        this.excludesSelf = projection.excludesSelf();
        this.random = new KeyedRandom(seed, RandomStream.OUTDEGREE_TREE);
        double perRow = (double) degree * sources.size() / Math.max(1, rows);
        this.windowRows = (int) Math.max(1, Math.min(Integer.MAX_VALUE, WINDOW_SYNAPSES / Math.max(perRow, 1e-9)));
        this.windowEnd = firstRow;
        this.endRow = endRow;
    }

    /** The pres of the target row {@code row} (local index, asked in ascending order) into {@code out}. */
    int pres(int row, int[] out) {
        if (row >= windowEnd) {
            fillWindow(row, (int) Math.min(endRow, (long) row + windowRows));
        }
        int k = 0;
        while (position < pairCount && (int) (pairs[position] >>> 32) == row) {
            out[k++] = (int) pairs[position++];
        }
        return k;
    }

    /** Count of the pres {@link #pres} will give for {@code row}, for sizing buffers. */
    int peekCount(int row) {
        if (row >= windowEnd) {
            fillWindow(row, (int) Math.min(endRow, (long) row + windowRows));
        }
        int k = 0;
        while (position + k < pairCount && (int) (pairs[position + k] >>> 32) == row) {
            k++;
        }
        return k;
    }

    private void fillWindow(int from, int to) {
        pairCount = 0;
        position = 0;
        windowEnd = to;
        for (long s = 0; s < sources.size(); s++) {
            int pre = sources.idAt(s);
            long self = excludesSelf && targets.contains(pre) ? targets.countBelow(pre) : -1;
            walk(s, pre, self, from, to);
        }
        Arrays.sort(pairs, 0, pairCount);
    }

    /** Rows of [a, b) a source can reach: all, or all but its own. */
    private static long cells(int a, int b, long self) {
        return (b - a) - (self >= a && self < b ? 1 : 0);
    }

    private void walk(long source, int pre, long self, int from, int to) {
        int depth = 0;
        starts[0] = 0;
        ends[0] = rows;
        counts[0] = degree;
        depth = 1;
        while (depth > 0) {
            depth--;
            int a = starts[depth];
            int b = ends[depth];
            long count = counts[depth];
            if (count == 0 || b <= from || a >= to) {
                continue;
            }
            if (b - a == 1) {
                for (long i = 0; i < count; i++) {
                    add(((long) a << 32) | pre);
                }
                continue;
            }
            int m = (int) (((long) a + b) >>> 1);
            random.reset(((long) a << 32) | b, ((long) projection.index() << 32) | source);
            long left = cells(a, m, self);
            long right = cells(m, b, self);
            long leftCount = multapses ? Binomial.sample(random, count, (double) left / (left + right))
                    : Hypergeometric.sample(random, left, right, count);
            // Right first on the stack, so rows come out in order (not needed after the sort; cheap either way).
            starts[depth] = m;
            ends[depth] = b;
            counts[depth] = count - leftCount;
            depth++;
            starts[depth] = a;
            ends[depth] = m;
            counts[depth] = leftCount;
            depth++;
        }
    }

    private void add(long pair) {
        if (pairCount == pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[pairCount++] = pair;
    }
}
