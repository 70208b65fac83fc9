package org.connectome.report;

/**
 * Counts of a continuous quantity in equal bins {@code [low + i width, low + (i + 1) width)}; the last bin also
 * holds {@code low + bins width} (the maximum the bins were fitted to).
 *
 * @param low    the left edge of the first bin
 * @param width  the width of each bin (positive)
 * @param counts values per bin
 */
public record Histogram(double low, double width, long[] counts) {
    public long total() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    public int bins() {
        return counts.length;
    }

    public double left(int bin) {
        return low + bin * width;
    }

    public double center(int bin) {
        return low + (bin + 0.5) * width;
    }

    /**
     * Equal bins over [min, max]: {@code bins} of them, or one bin of width 1 around a single value (all weights
     * equal, sigma0 = 0), so that every value falls in a bin of positive width.
     */
    public static double[] binning(double min, double max, int bins) {
        if (!(max > min)) {
            return new double[] {min - 0.5, 1.0 / bins};
        }
        return new double[] {min, (max - min) / bins};
    }
}
