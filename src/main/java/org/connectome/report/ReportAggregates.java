package org.connectome.report;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the report draws, aggregated by Spark from the written tables: histograms and moments, never rows.
 * Populations are the model's (E, then I), in the order of their first id; arrays indexed by population follow
 * that order.
 *
 * @param populations    the populations
 * @param inDegree       neurons per in-degree (synapses per post), over all N posts, zeros included
 * @param outDegree      neurons per out-degree (synapses per pre), over all N pres, zeros included
 * @param blockSynapses  synapses from population {@code [pre]} onto population {@code [post]}
 * @param weights        weight histogram per source (pre) population
 * @param weightMoments  count, mean and standard deviation of the weights per source population
 * @param delays         delay histogram per source population; empty when the table has no delay column
 * @param summedInput    the summed recurrent weight onto each of the N posts (0 for a post without synapses)
 * @param columnTypes    the recurrent table's column types, as Spark names them (weight may be float)
 */
public record ReportAggregates(
        List<Population> populations,
        SortedMap<Long, Long> inDegree,
        SortedMap<Long, Long> outDegree,
        long[][] blockSynapses,
        List<Histogram> weights,
        List<Moments> weightMoments,
        List<Histogram> delays,
        Histogram summedInput,
        Map<String, String> columnTypes) {

    /** Count, mean and sample standard deviation (NaN when undefined). */
    public record Moments(long count, double mean, double std) {
        static Moments of(long count, double sum, double squares) {
            if (count == 0) {
                return new Moments(0, Double.NaN, Double.NaN);
            }
            double mean = sum / count;
            double std = count < 2 ? Double.NaN
                    : Math.sqrt(Math.max(0, (squares - count * mean * mean) / (count - 1)));
            return new Moments(count, mean, std);
        }
    }

    public boolean hasDelays() {
        return !delays.isEmpty();
    }
}
