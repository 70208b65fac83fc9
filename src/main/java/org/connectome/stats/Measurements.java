package org.connectome.stats;

import java.util.Map;
import org.connectome.model.EdgeTable;

/**
 * What {@link ConnectomeStats} measured on the written tables: plain numbers, so that {@link Checks} judges
 * them without Spark.
 *
 * @param schemas            each table's columns as {@code name:type} (Spark's simple type names)
 * @param recurrent          row and id checks of the recurrent table; duplicates are extra rows of a
 *                           (post, pre) cell
 * @param input              the same for the input table
 * @param output             the same for the output table
 * @param autapses           recurrent rows with post = pre
 * @param inDegree           synapses per post neuron, over all N posts
 * @param outDegree          synapses per pre neuron, over all N pres
 * @param excitatoryWeights  recurrent weights whose pre is excitatory
 * @param inhibitoryWeights  recurrent weights whose pre is inhibitory
 * @param recurrentWeightSum the sum of all recurrent weights
 * @param inputWeights       input weights
 * @param outputWeights      output weights
 * @param neurons            the neurons table
 */
public record Measurements(
        Map<EdgeTable, String> schemas,
        TableCounts recurrent,
        TableCounts input,
        TableCounts output,
        long autapses,
        Degrees inDegree,
        Degrees outDegree,
        Moments excitatoryWeights,
        Moments inhibitoryWeights,
        double recurrentWeightSum,
        Moments inputWeights,
        Moments outputWeights,
        NeuronCounts neurons) {

    /**
     * @param rows       rows of the table
     * @param invalid    rows with a null id, or a null, NaN or infinite weight
     * @param outside    rows with an id outside its range
     * @param duplicates rows beyond the first of their cell (counted among rows with ids in range)
     */
    public record TableCounts(long rows, long invalid, long outside, long duplicates) {
    }

    /**
     * Counts per neuron of a degree, over all {@code neurons} ids (those without synapses count 0).
     *
     * @param neurons         N
     * @param nonEmpty        neurons with at least one synapse
     * @param total           the sum of the counts (synapses with both ids in range)
     * @param centeredSquares the sum over non-empty neurons of {@code (k - reference)^2}
     * @param reference       the value {@code centeredSquares} is centered on (N_syn / N, for precision)
     * @param minNonEmpty     the smallest count of a non-empty neuron (0 if none)
     * @param max             the largest count (0 if none)
     */
    public record Degrees(long neurons, long nonEmpty, long total, double centeredSquares, double reference,
            long minNonEmpty, long max) {
        public double mean() {
            return (double) total / neurons;
        }

        /** The population standard deviation over all N neurons. */
        public double std() {
            double zeros = neurons - nonEmpty;
            double offset = mean() - reference;
            double variance = (centeredSquares + zeros * reference * reference) / neurons - offset * offset;
            return Math.sqrt(Math.max(0, variance));
        }

        public long min() {
            return nonEmpty < neurons ? 0 : minNonEmpty;
        }

        /**
         * The degrees of a histogram (neurons per degree over all N neurons, zeros included), centred on
         * {@code reference}.
         */
        public static Degrees of(java.util.SortedMap<Long, Long> histogram, double reference) {
            long neurons = 0;
            long nonEmpty = 0;
            long total = 0;
            double centeredSquares = 0;
            long min = 0;
            long max = 0;
            for (var entry : histogram.entrySet()) {
                long k = entry.getKey();
                long count = entry.getValue();
                neurons += count;
                if (k > 0) {
                    min = nonEmpty == 0 ? k : min;
                    nonEmpty += count;
                    total += k * count;
                    centeredSquares += count * (k - reference) * (k - reference);
                    max = k;
                }
            }
            return new Degrees(neurons, nonEmpty, total, centeredSquares, reference, min, max);
        }
    }

    /** Count, mean and sample standard deviation of some weights (NaN when undefined). */
    public record Moments(long count, double mean, double std) {
    }

    /**
     * @param rows        rows of the neurons table
     * @param distinctIds distinct ids
     * @param outside     ids null or outside [0, N)
     * @param wrongPopulation rows whose population is not E for ids below Ne and I from Ne on
     */
    public record NeuronCounts(long rows, long distinctIds, long outside, long wrongPopulation) {
    }
}
