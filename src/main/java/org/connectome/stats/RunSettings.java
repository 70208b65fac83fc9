package org.connectome.stats;

import java.io.Serializable;
import java.util.Arrays;
import org.connectome.model.ConnectomeModel;

/**
 * What a {@link RecurrentRun} needs to know: N, the E/I split of the {@code stats} moments, the populations as
 * contiguous id ranges, and, for the report's second pass, the bins.
 *
 * @param neurons           N
 * @param excitatoryNeurons Ne: the moments of {@code stats} split pres at {@code pre < Ne}
 * @param populationStarts  the first id of each population, ascending, from 0; population i is
 *                          {@code [starts[i], starts[i + 1])}, the last one up to N
 * @param runs              how many runs the table is read in (files or partitions): each run of the first pass
 *                          counts out-degrees in an array of N when {@code runs * N} is at most
 *                          {@link #OUT_DEGREE_CELLS}
 * @param binning           the bins of the second pass; null in the first
 * @param plan              a network's per-projection aggregates of the first pass ({@link NetworkRun}); null for
 *                          the reference's model
 */
public record RunSettings(long neurons, long excitatoryNeurons, long[] populationStarts, int runs, Binning binning,
        NetworkPlan plan) implements Serializable {
    /** Out-degree counters of all runs together at most (4 bytes each): 128 MiB on the driver. */
    public static final long OUT_DEGREE_CELLS = 1L << 25;

    /** The model's populations (E then I; an empty one left out), out-degrees counted, no bins. */
    public static RunSettings of(ConnectomeModel model) {
        long ne = model.excitatoryNeurons();
        long[] starts = ne == 0 || ne == model.neurons() ? new long[] {0} : new long[] {0, ne};
        return new RunSettings(model.neurons(), ne, starts, 1, null, null);
    }

    /**
     * A network's populations (SPEC 7), each its own id range, and its plan; the E/I moments are not used (Ne = 0)
     * and the total out-degrees not counted (the plan counts them per projection).
     */
    public static RunSettings ofNetwork(ConnectomeModel model) {
        long[] starts = model.network().populations().stream().mapToLong(p -> p.first()).toArray();
        return new RunSettings(model.neurons(), 0, starts, 1, null, NetworkPlan.of(model));
    }

    /** The same settings with another network plan. */
    public RunSettings withPlan(NetworkPlan other) {
        return new RunSettings(neurons, excitatoryNeurons, populationStarts, runs, binning, other);
    }

    public RunSettings withBinning(Binning bins) {
        return new RunSettings(neurons, excitatoryNeurons, populationStarts, runs, bins, plan);
    }

    public RunSettings withRuns(int count) {
        return new RunSettings(neurons, excitatoryNeurons, populationStarts, count, binning, plan);
    }

    /** Whether each run counts synapses per pre (else out-degrees are left to an aggregate by pre). */
    public boolean countsOutDegrees() {
        return plan == null && (long) runs * neurons <= OUT_DEGREE_CELLS;
    }

    /** Whether each run counts a network's synapses per target and per source of each projection. */
    public boolean countsNetworkDegrees() {
        return plan != null && plan.countDegrees() && runs * plan.degreeCells() <= OUT_DEGREE_CELLS;
    }

    public int populationCount() {
        return populationStarts.length;
    }

    /** The population of an id in [0, N). */
    int populationOf(long id) {
        if (populationStarts.length == 2) {
            return id < populationStarts[1] ? 0 : 1;
        }
        int found = Arrays.binarySearch(populationStarts, id);
        return found >= 0 ? found : -found - 2;
    }

    /**
     * Equal bins per source population for weights and delays (low edge and width of each), and for the summed
     * input per post; a value outside falls into the nearest end bin.
     */
    public record Binning(double[] weightLow, double[] weightWidth, int weightBins, double[] delayLow,
            double[] delayWidth, int delayBins, double summedLow, double summedWidth, int summedBins)
            implements Serializable {

        int weightBin(int population, double value) {
            return bin(value, weightLow[population], weightWidth[population], weightBins);
        }

        int delayBin(int population, double value) {
            return bin(value, delayLow[population], delayWidth[population], delayBins);
        }

        int summedBin(double value) {
            return bin(value, summedLow, summedWidth, summedBins);
        }

        /** floor((x - low) / width) within [0, bins - 1]: the maximum the bins were fitted to is in the last. */
        public static int bin(double value, double low, double width, int bins) {
            return (int) Math.min(bins - 1, Math.max(0, Math.floor((value - low) / width)));
        }
    }
}
