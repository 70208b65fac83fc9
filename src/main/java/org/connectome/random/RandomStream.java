package org.connectome.random;

/**
 * The independent random streams of a connectome. Each stream, keyed by the run's seed and a
 * per-item key (a tree node, a post neuron, a cell), gives the same numbers wherever it is computed,
 * which is what makes the rows independent of partitioning, block size and task retries.
 *
 * <p>The ids are part of the output's definition: changing one changes every connectome.
 */
public enum RandomStream {
    /** Hypergeometric splits of the synapse count down the fixed tree over post neurons; key: node. */
    SPLIT_TREE(0x5A1),
    /** The distinct presynaptic neurons of one post neuron; key: post. */
    PRE_SAMPLE(0x5A2),
    /** Recurrent weights of one post neuron's synapses, in pre order; key: post. */
    RECURRENT_WEIGHT(0x5A3),
    /** One input weight; key: cell {@code post * N_input + input}. */
    INPUT_WEIGHT(0x5A4),
    /** One output weight; key: cell {@code output * N + pre}. */
    OUTPUT_WEIGHT(0x5A5),
    /** Delays of one post neuron's synapses of a projection, in pre order; key: (post, projection). */
    DELAY(0x5A6),
    /** The synapse count of a pairwise_bernoulli projection; key: the projection. */
    PROJECTION_COUNT(0x5A7),
    /** The split tree of one source's targets under fixed_outdegree; key: node, sub-key (projection, source). */
    OUTDEGREE_TREE(0x5A8);

    final long id;

    RandomStream(long id) {
        this.id = id;
    }
}
