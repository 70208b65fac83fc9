package org.connectome.model;

import java.io.Serializable;
import java.util.List;
import org.connectome.random.Binomial;
import org.connectome.random.KeyedRandom;
import org.connectome.random.RandomStream;

/**
 * A compiled network spec (SPEC 7): populations as contiguous id ranges in file order, validated projections,
 * and the input and output tables of SPEC 1. Every synapse count a rule fixes follows from the spec and the seed.
 *
 * @param name        the preset's name or the spec file's path
 * @param spec        the spec as given, as JSON (recorded in connectome.json)
 * @param resolution  delays are multiples of it (ms)
 */
public record Network(String name, String spec, List<Population> populations, List<Projection> projections,
        int inputs, int outputs, double resolution) implements Serializable {

    public int neurons() {
        Population last = populations.get(populations.size() - 1);
        return last.end();
    }

    /** Whether the recurrent table has a delay column: when the projections have delays. */
    public boolean hasDelays() {
        return !projections.isEmpty() && projections.get(0).delay() != null;
    }

    /** The population holding {@code id}. */
    public Population populationOf(int id) {
        int low = 0;
        int high = populations.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (populations.get(mid).first() <= id) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return populations.get(low);
    }

    /** The index of the population holding {@code id}. */
    public int populationIndexOf(int id) {
        return populations.indexOf(populationOf(id));
    }

    /**
     * The synapses of a projection: fixed by fixed_total_number and the degree rules; for pairwise_bernoulli a
     * Binomial(cells, p) drawn from the projection's own stream (given the total, the cells are a uniform subset,
     * which the split tree then draws: the Bernoulli law exactly, with the count known before any row).
     */
    public long synapses(Projection projection, long seed) {
        return switch (projection.rule()) {
            case FIXED_TOTAL_NUMBER -> projection.fixedCount();
            case FIXED_INDEGREE -> projection.fixedCount() * projection.targets().size();
            case FIXED_OUTDEGREE -> projection.fixedCount() * projection.sources().size();
            case PAIRWISE_BERNOULLI -> Binomial.sample(
                    new KeyedRandom(seed, RandomStream.PROJECTION_COUNT).reset(projection.index()),
                    projection.cells(), projection.probability());
        };
    }

    /** All recurrent synapses. */
    public long synapses(long seed) {
        long total = 0;
        for (Projection projection : projections) {
            total += synapses(projection, seed);
        }
        return total;
    }
}
