package org.connectome.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The law of the degrees of one side of a projection (its targets' in-degrees or its sources' out-degrees): the
 * neurons fall into kinds (a neuron that is on both sides of the projection has one candidate less where autapses
 * are excluded), and a neuron's degree is the sum of independent counts ({@link CountLaw}s: a binomial per block
 * of the other side whose neurons pick it with one probability, or one hypergeometric). A histogram of the degrees
 * is compared with {@link #expected}: the neurons of each kind times the pmf of its sum, which is the convolution
 * of its terms' pmfs over their windows.
 */
public final class DegreeLaw {
    /** A term wider than this is replaced with the normal of its kind's moments (standard deviations ~2,500). */
    private static final long MAX_CONVOLVED = 200_000;

    /** {@code neurons} neurons whose degree is the sum of independent {@code terms}. */
    public record Kind(long neurons, List<CountLaw> terms) {
        public Kind {
            terms = List.copyOf(terms);
        }

        double mean() {
            return terms.stream().mapToDouble(CountLaw::mean).sum();
        }

        double variance() {
            return terms.stream().mapToDouble(CountLaw::variance).sum();
        }
    }

    private final String description;
    private final List<Kind> kinds;
    /** Per kind: pmf[k - offsets[kind]]. */
    private final double[][] pmfs;
    private final long[] offsets;

    public DegreeLaw(String description, List<Kind> kinds) {
        this.description = description;
        this.kinds = new ArrayList<>();
        for (Kind kind : kinds) {
            if (kind.neurons() > 0) {
                this.kinds.add(kind);
            }
        }
        this.pmfs = new double[this.kinds.size()][];
        this.offsets = new long[this.kinds.size()];
        for (int i = 0; i < this.kinds.size(); i++) {
            convolve(i, this.kinds.get(i));
        }
    }

    private void convolve(int index, Kind kind) {
        boolean wide = kind.terms().stream().anyMatch(t -> t.windowHigh() - t.windowLow() > MAX_CONVOLVED);
        if (wide) {
            double mean = kind.mean();
            double sd = Math.sqrt(kind.variance());
            long from = Math.max(0, (long) Math.floor(mean - 40 * sd));
            long to = (long) Math.ceil(mean + 40 * sd);
            double[] pmf = new double[(int) (to - from + 1)];
            for (int k = 0; k < pmf.length; k++) {
                double z = (from + k - mean) / sd;
                pmf[k] = Math.exp(-z * z / 2) / (sd * Math.sqrt(2 * Math.PI));
            }
            pmfs[index] = pmf;
            offsets[index] = from;
            return;
        }
        double[] pmf = {1};
        long offset = 0;
        for (CountLaw term : kind.terms()) {
            long from = term.windowLow();
            double[] p = term.probabilities(from, term.windowHigh());
            int first = 0;
            int last = p.length - 1;
            while (first < last && p[first] == 0) {
                first++;
            }
            while (last > first && p[last] == 0) {
                last--;
            }
            double[] sum = new double[pmf.length + last - first];
            for (int i = 0; i < pmf.length; i++) {
                if (pmf[i] == 0) {
                    continue;
                }
                for (int j = first; j <= last; j++) {
                    sum[i + j - first] += pmf[i] * p[j];
                }
            }
            pmf = sum;
            offset += from + first;
        }
        pmfs[index] = pmf;
        offsets[index] = offset;
    }

    public String description() {
        return description;
    }

    /** The kinds of neurons with at least one neuron, in the order given. */
    public List<Kind> kinds() {
        return List.copyOf(kinds);
    }

    /** The degrees between which the expected count of neurons is at least {@code least} (at least one degree). */
    public long[] range(double least) {
        long low = low();
        long high = high();
        double[] expected = expected(low, high);
        int first = 0;
        int last = expected.length - 1;
        while (first < last && expected[first] < least) {
            first++;
        }
        while (last > first && expected[last] < least) {
            last--;
        }
        return new long[] {low + first, low + last};
    }

    public long neurons() {
        return kinds.stream().mapToLong(Kind::neurons).sum();
    }

    public double mean() {
        long n = neurons();
        return n == 0 ? 0 : kinds.stream().mapToDouble(k -> k.neurons() * k.mean()).sum() / n;
    }

    /** The variance over all the side's neurons (the kinds' mixture). */
    public double variance() {
        long n = neurons();
        if (n == 0) {
            return 0;
        }
        double mean = mean();
        double second = kinds.stream().mapToDouble(k -> k.neurons() * (k.variance() + k.mean() * k.mean())).sum() / n;
        return Math.max(0, second - mean * mean);
    }

    /** The lowest degree of positive expected count (within the windows). */
    public long low() {
        return Arrays.stream(offsets).min().orElse(0);
    }

    public long high() {
        long high = 0;
        for (int i = 0; i < pmfs.length; i++) {
            high = Math.max(high, offsets[i] + pmfs[i].length - 1);
        }
        return high;
    }

    /** The expected number of neurons of each degree in {@code [from, to]}. */
    public double[] expected(long from, long to) {
        double[] expected = new double[(int) Math.max(0, to - from + 1)];
        for (int i = 0; i < pmfs.length; i++) {
            long neurons = kinds.get(i).neurons();
            for (int j = 0; j < pmfs[i].length; j++) {
                long k = offsets[i] + j;
                if (k >= from && k <= to) {
                    expected[(int) (k - from)] += neurons * pmfs[i][j];
                }
            }
        }
        return expected;
    }

    @Override
    public String toString() {
        return description;
    }
}
