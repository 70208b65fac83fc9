package org.connectome.stats;

import java.io.Serializable;
import java.util.List;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.Network;
import org.connectome.model.Population;
import org.connectome.model.Projection;

/**
 * What a {@link NetworkRun} measures per projection of a network spec, as plain arrays a Spark task can carry.
 * Blocks are indexed as {@link RecurrentRun}'s, {@code source population * P + target population}; a block
 * belongs to a slot when exactly one projection covers it (see {@link NetworkChecks.Groups}), and a slot is such
 * a projection.
 *
 * @param populations   P
 * @param firsts        each population's first id
 * @param slotOf        per block, its slot or -1
 * @param projections   per slot, the projection's index in the spec
 * @param targetOffset  per slot and population, the local index of the population's first id among the
 *                      projection's targets (-1 when not a target); likewise {@code sourceOffset}
 * @param targetSizes   per slot, |T|; likewise {@code sourceSizes}
 * @param weightLow     per block, the low edge of its weight bins ({@link ProjectionLaws#weightBins})
 * @param weightWidth   per block, their width
 * @param weightBins    per block, their number (0 outside every slot)
 * @param resolution    the delay grid (0 without delays)
 * @param countDegrees  whether runs may count degrees (see {@link RunSettings#countsNetworkDegrees()}); false
 *                      leaves them to Spark SQL aggregates
 */
public record NetworkPlan(int populations, int[] firsts, int[] slotOf, int[] projections, int[][] targetOffset,
        int[][] sourceOffset, int[] targetSizes, int[] sourceSizes, double[] weightLow, double[] weightWidth,
        int[] weightBins, double resolution, boolean countDegrees) implements Serializable {

    /** The plan of a network's model. */
    public static NetworkPlan of(ConnectomeModel model) {
        Network network = model.network();
        List<Population> pops = network.populations();
        int p = pops.size();
        NetworkChecks.Groups groups = NetworkChecks.Groups.of(network);
        List<Projection> alone = groups.alone();
        int slots = alone.size();
        int[] slotOf = new int[p * p];
        java.util.Arrays.fill(slotOf, -1);
        int[] projections = new int[slots];
        int[][] targetOffset = new int[slots][p];
        int[][] sourceOffset = new int[slots][p];
        int[] targetSizes = new int[slots];
        int[] sourceSizes = new int[slots];
        double[] low = new double[p * p];
        double[] width = new double[p * p];
        int[] bins = new int[p * p];
        for (int slot = 0; slot < slots; slot++) {
            Projection projection = alone.get(slot);
            projections[slot] = projection.index();
            targetSizes[slot] = (int) projection.targets().size();
            sourceSizes[slot] = (int) projection.sources().size();
            ProjectionLaws laws = new ProjectionLaws(network, projection, model.seed());
            for (int i = 0; i < p; i++) {
                Population population = pops.get(i);
                targetOffset[slot][i] = projection.targets().contains(population.first())
                        ? (int) projection.targets().countBelow(population.first()) : -1;
                sourceOffset[slot][i] = projection.sources().contains(population.first())
                        ? (int) projection.sources().countBelow(population.first()) : -1;
            }
            for (int block : NetworkChecks.blocksOf(projection, pops)) {
                int target = block / p;
                int source = block % p;
                int index = source * p + target;
                slotOf[index] = slot;
                ProjectionLaws.Bins b = laws.weightBins(source);
                low[index] = b.low();
                width[index] = b.width();
                bins[index] = b.bins();
            }
        }
        int[] firsts = pops.stream().mapToInt(Population::first).toArray();
        return new NetworkPlan(p, firsts, slotOf, projections, targetOffset, sourceOffset, targetSizes, sourceSizes,
                low, width, bins, network.hasDelays() ? network.resolution() : 0, true);
    }

    /** The same plan with the degrees left to Spark SQL (what a network too large for the counters gets). */
    public NetworkPlan withoutDegreeCounters() {
        return new NetworkPlan(populations, firsts, slotOf, projections, targetOffset, sourceOffset, targetSizes,
                sourceSizes, weightLow, weightWidth, weightBins, resolution, false);
    }

    public int slots() {
        return projections.length;
    }

    /** Degree counters of one run: one per target and one per source of every slot. */
    long degreeCells() {
        long cells = 0;
        for (int slot = 0; slot < slots(); slot++) {
            cells += (long) targetSizes[slot] + sourceSizes[slot];
        }
        return cells;
    }
}
