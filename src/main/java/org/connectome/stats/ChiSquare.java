package org.connectome.stats;

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against expected ones, with sparse cells pooled:
 * adjacent cells are merged from the left until each pooled cell expects at least {@value #MIN_EXPECTED} (a last
 * short one joins its neighbour), so both tails end in one pooled cell each. No parameter is fitted, so the
 * degrees of freedom are the pooled cells less one. Plain Java; the p-value is the regularized upper incomplete
 * gamma function Q(dof / 2, X^2 / 2) (series and Lentz's continued fraction, Numerical Recipes 6.2).
 *
 * @param statistic X^2
 * @param cells     the pooled cells (dof + 1)
 * @param pValue    P(X^2 at least this large) for a sample of the expected law; 1 when there is nothing to test
 */
public record ChiSquare(double statistic, int cells, double pValue) {
    /** The least expected count of a pooled cell (Cochran's rule of thumb). */
    public static final double MIN_EXPECTED = 5;

    /** Tests {@code observed[i]} against {@code expected[i]}; the totals should agree (both are the sample size). */
    public static ChiSquare test(long[] observed, double[] expected) {
        if (observed.length != expected.length) {
            throw new IllegalArgumentException("observed and expected cells differ in number");
        }
        int length = observed.length;
        double[] pooledExpected = new double[length];
        long[] pooledObserved = new long[length];
        int cells = 0;
        double e = 0;
        long o = 0;
        for (int i = 0; i < length; i++) {
            e += expected[i];
            o += observed[i];
            if (e >= MIN_EXPECTED) {
                pooledExpected[cells] = e;
                pooledObserved[cells] = o;
                cells++;
                e = 0;
                o = 0;
            }
        }
        if (e > 0 || o > 0) {
            if (cells == 0) {
                pooledExpected[0] = e;
                pooledObserved[0] = o;
                cells = 1;
            } else {
                pooledExpected[cells - 1] += e;
                pooledObserved[cells - 1] += o;
            }
        }
        double statistic = 0;
        for (int i = 0; i < cells; i++) {
            double difference = pooledObserved[i] - pooledExpected[i];
            statistic += pooledExpected[i] > 0 ? difference * difference / pooledExpected[i]
                    : pooledObserved[i] > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return new ChiSquare(statistic, cells, cells < 2 ? 1 : upperGamma((cells - 1) / 2.0, statistic / 2));
    }

    public int degreesOfFreedom() {
        return Math.max(0, cells - 1);
    }

    /** Q(a, x) = Gamma(a, x) / Gamma(a), the regularized upper incomplete gamma function. */
    static double upperGamma(double a, double x) {
        if (!(x > 0)) {
            return 1;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 0;
        }
        double logPrefactor = -x + a * Math.log(x) - logGamma(a);
        if (x < a + 1) {
            // Series for P(a, x).
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < 100_000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-16) {
                    break;
                }
            }
            return Math.max(0, 1 - sum * Math.exp(logPrefactor));
        }
        // Continued fraction for Q(a, x) (modified Lentz).
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 100_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(logPrefactor) * h;
    }

    /** ln Gamma(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 digits). */
    static double logGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = c[0];
        for (int i = 1; i < 9; i++) {
            sum += c[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
