package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.connectome.kernel.EdgeStream;
import org.connectome.kernel.Slice;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;

/**
 * {@link Measurements} of a connectome computed in plain Java straight from the generator's kernel, with no
 * Spark and no files: the reference the Spark SQL measurement is compared with, and a fast way to run the
 * checks over many seeds.
 */
final class KernelMeasurements {
    private static final int CHUNK = 1 << 14;

    private KernelMeasurements() {
    }

    /** Welford's running mean and variance. */
    private static final class Moments {
        long count;
        double mean;
        double squares;

        void add(double value) {
            count++;
            double delta = value - mean;
            mean += delta / count;
            squares += delta * (value - mean);
        }

        Measurements.Moments result() {
            return new Measurements.Moments(count, count == 0 ? Double.NaN : mean,
                    count < 2 ? Double.NaN : Math.sqrt(squares / (count - 1)));
        }
    }

    static Measurements of(ConnectomeModel model) {
        int n = model.neurons();
        int excitatory = model.excitatoryNeurons();
        long[] in = new long[n];
        long[] out = new long[n];
        Moments e = new Moments();
        Moments i = new Moments();
        double sum = 0;
        long rows = 0;
        long invalid = 0;
        long duplicates = 0;
        long autapses = 0;
        int[] first = new int[CHUNK];
        int[] second = new int[CHUNK];
        double[] weight = new double[CHUNK];
        long previous = -1;
        EdgeStream edges = stream(model, EdgeTable.RECURRENT);
        for (int size = edges.fill(first, second, weight, CHUNK); size > 0;
                size = edges.fill(first, second, weight, CHUNK)) {
            for (int r = 0; r < size; r++) {
                long cell = (long) first[r] * n + second[r];
                // Sorted by (post, pre): a duplicate is a repeat of the previous cell.
                duplicates += cell == previous ? 1 : 0;
                assertEquals(true, cell >= previous, "rows out of order");
                previous = cell;
                rows++;
                in[first[r]]++;
                out[second[r]]++;
                autapses += first[r] == second[r] ? 1 : 0;
                invalid += Double.isFinite(weight[r]) ? 0 : 1;
                (second[r] < excitatory ? e : i).add(weight[r]);
                sum += weight[r];
            }
        }
        double m = (double) model.synapses() / n;
        return new Measurements(Checks.expectedSchemas(), new Measurements.TableCounts(rows, invalid, 0, duplicates),
                dense(model, EdgeTable.INPUT).counts, dense(model, EdgeTable.OUTPUT).counts, autapses,
                degrees(in, m), degrees(out, m), e.result(), i.result(), sum, dense(model, EdgeTable.INPUT).weights,
                dense(model, EdgeTable.OUTPUT).weights, new Measurements.NeuronCounts(n, n, 0, 0));
    }

    private record Dense(Measurements.TableCounts counts, Measurements.Moments weights) {
    }

    private static Dense dense(ConnectomeModel model, EdgeTable table) {
        Moments weights = new Moments();
        long invalid = 0;
        int[] first = new int[CHUNK];
        int[] second = new int[CHUNK];
        double[] weight = new double[CHUNK];
        EdgeStream edges = stream(model, table);
        for (int size = edges.fill(first, second, weight, CHUNK); size > 0;
                size = edges.fill(first, second, weight, CHUNK)) {
            for (int r = 0; r < size; r++) {
                weights.add(weight[r]);
                invalid += Double.isFinite(weight[r]) ? 0 : 1;
            }
        }
        return new Dense(new Measurements.TableCounts(weights.count, invalid, 0, 0), weights.result());
    }

    private static EdgeStream stream(ConnectomeModel model, EdgeTable table) {
        return new Slice(0, Slice.units(model, table)).edges(model, table);
    }

    private static Measurements.Degrees degrees(long[] counts, double m) {
        long nonEmpty = 0;
        long total = 0;
        double squares = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long k : counts) {
            if (k > 0) {
                nonEmpty++;
                total += k;
                squares += (k - m) * (k - m);
                min = Math.min(min, k);
                max = Math.max(max, k);
            }
        }
        return new Measurements.Degrees(counts.length, nonEmpty, total, squares, m, nonEmpty == 0 ? 0 : min, max);
    }
}
