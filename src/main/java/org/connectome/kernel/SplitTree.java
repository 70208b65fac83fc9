package org.connectome.kernel;

import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.random.Hypergeometric;
import org.connectome.random.KeyedRandom;
import org.connectome.random.RandomStream;

/**
 * The exact number of synapses of every post neuron, without communication: a {@link RowSplit} over the posts
 * {@code [0, N)} whose node holding {@code c} synapses over rows {@code [a, b)} gives its left half
 * {@code Hypergeometric(good = (m - a) W, bad = (b - m) W, draws = c)} of them, W cells per row, from the stream
 * keyed by the node.
 */
public final class SplitTree extends RowSplit {
    private final int neurons;
    private final long rowWidth;
    private final long synapses;
    private final KeyedRandom random;

    public SplitTree(ConnectomeModel model) {
        super(model.neurons(), model.synapses());
        this.neurons = model.neurons();
        this.rowWidth = model.autapses().rowWidth(model.neurons());
        this.synapses = model.synapses();
        this.random = new KeyedRandom(model.seed(), RandomStream.SPLIT_TREE);
    }

    /**
     * The first post neuron whose row holds all N cells, or -1. Under {@link AutapsePolicy#REPAIR} such a row
     * has an autapse with nowhere to move. Visits only nodes holding at least N synapses, about 2 N p nodes.
     */
    public int firstFullRow() {
        if (rowWidth < neurons || synapses < neurons) {
            return -1;
        }
        return firstRowHolding(neurons, row -> true);
    }

    @Override
    long leftCount(int a, int m, int b, long count) {
        random.reset(nodeKey(a, b));
        return Hypergeometric.sample(random, (m - a) * rowWidth, (b - m) * rowWidth, count);
    }

    /** Unique per node: a node is its row range, and both ends fit 32 bits. */
    private static long nodeKey(int a, int b) {
        return ((long) a << 32) | b;
    }
}
