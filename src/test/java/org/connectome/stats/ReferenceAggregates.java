package org.connectome.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.connectome.kernel.EdgeStream;
import org.connectome.kernel.Slice;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;

/**
 * The recurrent table's aggregates computed the plain way, over all rows in memory (arrays indexed by id,
 * no runs, no Spark): the reference {@link RecurrentAggregates} and the report's aggregates are compared with.
 * Populations are E = [0, Ne) and I = [Ne, N), both non-empty.
 */
public final class ReferenceAggregates {
    public final int n;
    public final int ne;
    public final long[] inDegree;
    public final long[] outDegree;
    public final double[] summedInput;
    public final long[][] blocks = new long[2][2];
    public final List<List<Double>> weights = List.of(new ArrayList<>(), new ArrayList<>());
    public long duplicates;

    /** Rows sorted by (post, pre), as the kernel makes them. */
    public record Rows(int[] post, int[] pre, double[] weight) {
        public int size() {
            return post.length;
        }
    }

    public ReferenceAggregates(int n, int ne, Rows rows) {
        this.n = n;
        this.ne = ne;
        inDegree = new long[n];
        outDegree = new long[n];
        summedInput = new double[n];
        long previous = -1;
        for (int r = 0; r < rows.size(); r++) {
            int post = rows.post()[r];
            int pre = rows.pre()[r];
            double w = rows.weight()[r];
            long cell = (long) post * n + pre;
            duplicates += cell == previous ? 1 : 0;
            previous = cell;
            inDegree[post]++;
            outDegree[pre]++;
            summedInput[post] += w;
            blocks[pre < ne ? 0 : 1][post < ne ? 0 : 1]++;
            weights.get(pre < ne ? 0 : 1).add(w);
        }
    }

    /** The kernel's recurrent rows of a model. */
    public static Rows rows(ConnectomeModel model) {
        EdgeStream edges = new Slice(0, Slice.units(model, EdgeTable.RECURRENT)).edges(model, EdgeTable.RECURRENT);
        int size = (int) model.synapses();
        int[] post = new int[size];
        int[] pre = new int[size];
        double[] weight = new double[size];
        int chunk = 1 << 14;
        int[] first = new int[chunk];
        int[] second = new int[chunk];
        double[] values = new double[chunk];
        int at = 0;
        for (int got = edges.fill(first, second, values, chunk); got > 0; got = edges.fill(first, second, values, chunk)) {
            System.arraycopy(first, 0, post, at, got);
            System.arraycopy(second, 0, pre, at, got);
            System.arraycopy(values, 0, weight, at, got);
            at += got;
        }
        return new Rows(post, pre, weight);
    }

    /** Neurons per degree over all N, zeros included. */
    public static SortedMap<Long, Long> histogram(long[] degrees) {
        SortedMap<Long, Long> histogram = new TreeMap<>();
        for (long k : degrees) {
            histogram.merge(k, 1L, Long::sum);
        }
        return histogram;
    }

    public double[] range(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return new double[] {min, max};
    }

    public double[] weightRange(int population) {
        return range(weights.get(population).stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Counts of values in equal bins from low of the given width, the ends clamped (the maximum in the last). */
    public static long[] bins(double[] values, double low, double width, int bins) {
        long[] counts = new long[bins];
        for (double value : values) {
            counts[(int) Math.min(bins - 1, Math.max(0, Math.floor((value - low) / width)))]++;
        }
        return counts;
    }

    public long[] weightBins(int population, double low, double width, int bins) {
        return bins(weights.get(population).stream().mapToDouble(Double::doubleValue).toArray(), low, width, bins);
    }

    /** Count, mean and sample standard deviation of a population's weights (two passes). */
    public double[] moments(int population) {
        double[] values = weights.get(population).stream().mapToDouble(Double::doubleValue).toArray();
        double mean = 0;
        for (double value : values) {
            mean += value;
        }
        mean /= values.length;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return new double[] {values.length, mean, Math.sqrt(squares / (values.length - 1))};
    }
}
