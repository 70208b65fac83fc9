package org.connectome.stats;

import java.util.function.LongToDoubleFunction;

/**
 * The law of a count (a degree, the number of autapses): its moments, and the range a sample of many such
 * counts stays within except with a chosen small probability. Plain Java, exact for the laws used here:
 * the hypergeometric with 64-bit populations (the row counts of a uniform N_syn-subset of cells) and the
 * binomial.
 *
 * <p>Tail probabilities come from the pmf, walked outward from the mode through the ratio
 * {@code pmf(k+1) / pmf(k)} and normalized; no factorials, so the populations may be as large as N^2 ~ 4.6e18.
 */
public final class CountLaw {
    /** Beyond this many standard deviations from the mean a tail is far below any probability used here. */
    private static final double WINDOW_SIGMAS = 40;
    /** Walks longer than this (standard deviations of 50,000 and more) use the normal approximation instead. */
    private static final long MAX_WALK = 2_000_000L;

    private final String description;
    private final long lowest;
    private final long highest;
    private final double mean;
    private final double variance;
    private final double excessKurtosis;
    /** pmf(k + 1) / pmf(k), for lowest <= k < highest. */
    private final LongToDoubleFunction ratio;

    private CountLaw(String description, long lowest, long highest, double mean, double variance,
            double excessKurtosis, LongToDoubleFunction ratio) {
        this.description = description;
        this.lowest = lowest;
        this.highest = highest;
        this.mean = mean;
        this.variance = variance;
        this.excessKurtosis = excessKurtosis;
        this.ratio = ratio;
    }

    /**
     * Successes among {@code draws} cells drawn without replacement from {@code population} cells of which
     * {@code successes} are successes.
     */
    public static CountLaw hypergeometric(long population, long successes, long draws) {
        if (population < 0 || successes < 0 || draws < 0 || successes > population || draws > population) {
            throw new IllegalArgumentException("hypergeometric(" + population + ", " + successes + ", " + draws + ")");
        }
        double m = population;
        double k = successes;
        double n = draws;
        double mean = population == 0 ? 0 : n * k / m;
        double variance = population <= 1 ? 0 : n * (k / m) * ((m - k) / m) * ((m - n) / (m - 1));
        double kurtosis = 0;
        if (variance > 0 && population > 3) {
            // Excess kurtosis of the hypergeometric law (e.g. Johnson, Kemp and Kotz, Univariate Discrete
            // Distributions, 3rd ed., 6.3); in doubles, whose range holds m^5 for m up to 4.6e18.
            double numerator = (m - 1) * m * m * (m * (m + 1) - 6 * k * (m - k) - 6 * n * (m - n))
                    + 6 * n * k * (m - k) * (m - n) * (5 * m - 6);
            double denominator = n * k * (m - k) * (m - n) * (m - 2) * (m - 3);
            kurtosis = numerator / denominator;
        }
        long lowest = Math.max(0, draws - (population - successes));
        long highest = Math.min(draws, successes);
        long failures = population - successes;
        return new CountLaw("Hypergeometric(" + population + ", " + successes + ", " + draws + ")", lowest,
                highest, mean, variance, kurtosis,
                x -> (double) (successes - x) * (double) (draws - x)
                        / ((double) (x + 1) * (double) (failures - draws + x + 1)));
    }

    /** Successes among {@code trials} independent trials of probability {@code probability}. */
    public static CountLaw binomial(long trials, double probability) {
        if (trials < 0 || !(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("binomial(" + trials + ", " + probability + ")");
        }
        double q = probability;
        double mean = trials * q;
        double variance = trials * q * (1 - q);
        double kurtosis = variance > 0 ? (1 - 6 * q * (1 - q)) / variance : 0;
        long lowest = q == 1 ? trials : 0;
        long highest = q == 0 ? 0 : trials;
        double odds = q / (1 - q);
        return new CountLaw("Binomial(" + trials + ", " + probability + ")", lowest, highest, mean, variance,
                kurtosis, x -> (double) (trials - x) / (x + 1) * odds);
    }

    public String description() {
        return description;
    }

    public double mean() {
        return mean;
    }

    public double variance() {
        return variance;
    }

    public double standardDeviation() {
        return Math.sqrt(variance);
    }

    /** Fourth standardized moment minus 3; 0 for a degenerate law. */
    public double excessKurtosis() {
        return excessKurtosis;
    }

    /** The smallest and the largest value the law gives positive probability. */
    public long lowest() {
        return lowest;
    }

    public long highest() {
        return highest;
    }

    /** The lowest value of the window that holds all of the law's mass but ~1e-300 (40 SD, and 40, below the mean). */
    public long windowLow() {
        return Math.max(lowest, (long) Math.floor(mean - WINDOW_SIGMAS * standardDeviation() - WINDOW_SIGMAS));
    }

    /** The highest value of that window. */
    public long windowHigh() {
        return Math.min(highest, (long) Math.ceil(mean + WINDOW_SIGMAS * standardDeviation() + WINDOW_SIGMAS));
    }

    /**
     * Bounds {@code [low, high]} such that, among {@code samples} counts of this law, the chance that the
     * smallest is below {@code low} is at most {@code alpha / 2}, and so for the largest above {@code high}
     * (a union bound: {@code samples * P(X < low) <= alpha / 2}). The bounds are as tight as that allows.
     */
    public long[] range(long samples, double alpha) {
        if (lowest == highest || samples <= 0) {
            return new long[] {lowest, highest};
        }
        double tail = alpha / 2 / samples;
        double sigma = standardDeviation();
        // The absolute margin covers laws with almost no spread (a Poisson-like count of mean 1e-4 still has
        // P(X >= 3) ~ 2e-13, more than the tail asked for among 2e9 neurons).
        long from = windowLow();
        long to = windowHigh();
        if (to - from > MAX_WALK) {
            double z = normalQuantile(tail);
            return new long[] {Math.max(lowest, (long) Math.floor(mean - z * sigma)),
                Math.min(highest, (long) Math.ceil(mean + z * sigma))};
        }
        double[] pmf = pmf(from, to);
        long low = from;
        double below = 0; // P(X < low)
        for (int i = 0; i < pmf.length; i++) {
            if (below + pmf[i] > tail) {
                break;
            }
            below += pmf[i];
            low = from + i + 1;
        }
        long high = to;
        double above = 0; // P(X > high)
        for (int i = pmf.length - 1; i >= 0; i--) {
            if (above + pmf[i] > tail) {
                break;
            }
            above += pmf[i];
            high = from + i - 1;
        }
        // Outside the window the mass is below 1e-300 of the mode's: the walk above never stops there.
        return new long[] {Math.min(low, high), Math.max(low, high)};
    }

    /**
     * P(X = x) for every x in {@code [from, to]} (0 outside the support): what a histogram of counts of this law
     * is drawn against. The pmf is walked over the window that holds all the mass (40 standard deviations
     * around the mean), so the values are absolute probabilities, not renormalized over {@code [from, to]};
     * laws too wide to walk (standard deviations above 50,000) use the normal density at x.
     */
    public double[] probabilities(long from, long to) {
        if (to < from) {
            return new double[0];
        }
        double[] result = new double[(int) (to - from + 1)];
        double sigma = standardDeviation();
        long windowFrom = windowLow();
        long windowTo = windowHigh();
        if (windowTo - windowFrom > MAX_WALK) {
            for (int i = 0; i < result.length; i++) {
                double z = (from + i - mean) / sigma;
                result[i] = Math.exp(-z * z / 2) / (sigma * Math.sqrt(2 * Math.PI));
            }
            return result;
        }
        double[] pmf = pmf(windowFrom, windowTo);
        for (long x = Math.max(from, windowFrom); x <= Math.min(to, windowTo); x++) {
            result[(int) (x - from)] = pmf[(int) (x - windowFrom)];
        }
        return result;
    }

    /** P(X = x) for x in {@code [from, to]}, normalized over that window (which holds all but ~1e-300). */
    double[] pmf(long from, long to) {
        long mode = Math.min(to, Math.max(from, (long) Math.floor(mean)));
        // Move to the true mode so the walk starts at the largest term.
        while (mode < to && ratio.applyAsDouble(mode) > 1) {
            mode++;
        }
        while (mode > from && ratio.applyAsDouble(mode - 1) < 1) {
            mode--;
        }
        int size = (int) (to - from + 1);
        double[] pmf = new double[size];
        int center = (int) (mode - from);
        pmf[center] = 1;
        for (int i = center; i < size - 1; i++) {
            pmf[i + 1] = pmf[i] * ratio.applyAsDouble(from + i);
            if (pmf[i + 1] < 1e-300) {
                break;
            }
        }
        for (int i = center; i > 0; i--) {
            double r = ratio.applyAsDouble(from + i - 1);
            pmf[i - 1] = r > 0 ? pmf[i] / r : 0;
            if (pmf[i - 1] < 1e-300 || !Double.isFinite(pmf[i - 1])) {
                pmf[i - 1] = Math.min(pmf[i - 1], 1e-300);
                break;
            }
        }
        double total = 0;
        for (double value : pmf) {
            total += value;
        }
        for (int i = 0; i < size; i++) {
            pmf[i] /= total;
        }
        return pmf;
    }

    /** The z with P(Z > z) = p for a standard normal Z, for small p (Acklam-free: a few Newton steps). */
    static double normalQuantile(double p) {
        double z = Math.sqrt(-2 * Math.log(p));
        for (int i = 0; i < 50; i++) {
            double tail = 0.5 * erfc(z / Math.sqrt(2));
            double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
            double step = (tail - p) / density;
            z += step;
            if (Math.abs(step) < 1e-12) {
                break;
            }
        }
        return z;
    }

    /** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    @Override
    public String toString() {
        return description;
    }
}
