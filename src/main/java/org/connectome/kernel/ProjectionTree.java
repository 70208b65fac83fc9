package org.connectome.kernel;

import org.connectome.model.AutapsePolicy;
import org.connectome.model.Network;
import org.connectome.model.Projection;
import org.connectome.model.Rule;
import org.connectome.random.Binomial;
import org.connectome.random.Hypergeometric;
import org.connectome.random.KeyedRandom;
import org.connectome.random.RandomStream;

/**
 * The exact synapse count of every target row of one projection: {@link SplitTree}'s scheme over the projection's
 * target rows (local indices {@code [0, |T|)}), with the cells of a row range as the weights. Without multapses a
 * node's left share is hypergeometric (a uniform subset of the cells); with multapses it is binomial with the left
 * cells' fraction (the multinomial of draws with replacement, split by halves). Node streams are keyed by
 * {@code (node, projection)}: for projection 0 over all neurons this is the reference's tree, node for node.
 */
public final class ProjectionTree extends RowSplit {
    private final Projection projection;
    private final long total;
    private final long sourceSize;
    private final boolean multapses;
    private final KeyedRandom random;

    ProjectionTree(Projection projection, long total, long seed) {
        super(Math.toIntExact(projection.targets().size()), total);
        this.projection = projection;
        this.total = total;
        this.sourceSize = projection.sources().size();
        this.multapses = projection.multapses();
        this.random = new KeyedRandom(seed, RandomStream.SPLIT_TREE);
    }

    /** Cells of the target rows {@code [a, b)}. */
    private long cells(int a, int b) {
        long cells = (b - a) * sourceSize;
        if (projection.countsWithoutSelf()) {
            cells -= projection.targets().sharedIn(projection.sources(), a, b);
        }
        return cells;
    }

    @Override
    long leftCount(int a, int m, int b, long count) {
        random.reset(((long) a << 32) | b, projection.index());
        long left = cells(a, m);
        long right = cells(m, b);
        if (multapses) {
            return Binomial.sample(random, count, (double) left / (left + right));
        }
        return Hypergeometric.sample(random, left, right, count);
    }

    /**
     * The first post whose row got every one of the projection's sources while being one of them, or -1: under
     * repair without multapses its autapse has nowhere to move. Visits only nodes holding at least |S| synapses.
     */
    int firstFullRow() {
        if (multapses || total < sourceSize) {
            return -1;
        }
        int row = firstRowHolding(sourceSize, local -> projection.sources().contains(projection.targets().idAt(local)));
        return row < 0 ? -1 : projection.targets().idAt(row);
    }

    /** Fails up front, before anything is written, when a repair projection has a full row. */
    public static void requireRepairable(Network network, long seed) {
        for (Projection projection : network.projections()) {
            boolean tree = projection.rule() == Rule.FIXED_TOTAL_NUMBER || projection.rule() == Rule.PAIRWISE_BERNOULLI;
            if (tree && projection.autapses() == AutapsePolicy.REPAIR && projection.excludesSelf()) {
                int post = new ProjectionTree(projection, network.synapses(projection, seed), seed).firstFullRow();
                if (post >= 0) {
                    throw new FullRowException(projection.index(), post, projection.sources().size());
                }
            }
        }
    }
}
