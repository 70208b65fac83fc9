package org.connectome.random;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Exact sampling of the hypergeometric distribution with 64-bit parameters (populations up to 2^62).
 *
 * <p>A port of numpy's {@code random_hypergeometric} (numpy/random/src/distributions/random_hypergeometric.c):
 * the sequential method for fewer than 10 draws (or fewer than 10 items left behind), otherwise the
 * ratio-of-uniforms method HRUA of Stadlober (1989, 1990). Two differences from numpy make it exact at
 * 64-bit sizes, where numpy's double arithmetic breaks down:
 * <ul>
 *   <li>the log of the pmf ratio {@code T = ln f(K) - ln f(m)} is a sum of four differences of log-factorials
 *       of nearby numbers, each computed stably ({@link #logFactorialDifference(long, long)}), instead of the
 *       difference of two sums of log-factorials of order 1e20, which in double precision loses all digits;</li>
 *   <li>the mode {@code m} and the offset of the mean from it are computed exactly with 128-bit integer
 *       arithmetic, and candidates are generated relative to the mode, so the hat function keeps its
 *       sub-integer resolution even when the mean exceeds 2^53.</li>
 * </ul>
 * No allocation per call; not tied to any generator (production uses {@link KeyedRandom}).
 */
public final class Hypergeometric {
    /** Largest supported population {@code good + bad}. */
    public static final long MAX_POPULATION = 1L << 62;

    /** {@code 2 sqrt(2/e)}: HRUA's hat scale factor. */
    private static final double D1 = 1.7155277699214135;
    /** {@code 3 - 2 sqrt(3/e)}: HRUA's hat offset. */
    private static final double D2 = 0.8989161620588988;

    /** Below this many draws (from either end) the sequential method is used, as in numpy. */
    private static final long SEQUENTIAL_LIMIT = 10;

    /** {@code ln(k!)} is tabulated for {@code k < TABLE_SIZE}; Stirling's series is used above. */
    static final int TABLE_SIZE = 1024;
    private static final double[] LOG_FACTORIAL = new double[TABLE_SIZE];
    private static final double HALF_LOG_2PI = 0.9189385332046727418;

    static {
        // Compensated (Kahan) summation of ln k: absolute error ~1e-14 up to ln(1023!) ~ 6.1e3.
        double sum = 0.0;
        double compensation = 0.0;
        LOG_FACTORIAL[0] = 0.0;
        for (int k = 1; k < TABLE_SIZE; k++) {
            double y = Math.log(k) - compensation;
            double t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
            LOG_FACTORIAL[k] = sum;
        }
    }

    private Hypergeometric() {
    }

    /**
     * Number of good items in {@code draws} draws without replacement from {@code good} good and {@code bad}
     * bad items.
     *
     * @throws IllegalArgumentException unless {@code good, bad >= 0}, {@code good + bad <= 2^62} and
     *     {@code 0 <= draws <= good + bad}
     */
    public static long sample(UniformRandomProvider rng, long good, long bad, long draws) {
        if (good < 0 || bad < 0 || good > MAX_POPULATION - bad) {
            throw new IllegalArgumentException("hypergeometric: need good, bad >= 0 and good + bad <= 2^62, got good="
                    + good + ", bad=" + bad);
        }
        long total = good + bad;
        if (draws < 0 || draws > total) {
            throw new IllegalArgumentException("hypergeometric: need 0 <= draws <= good + bad = " + total
                    + ", got draws=" + draws);
        }
        if (draws == 0 || good == 0) {
            return 0;
        }
        if (bad == 0) {
            return draws;
        }
        if (draws == total) {
            return good;
        }
        if (draws >= SEQUENTIAL_LIMIT && draws <= total - SEQUENTIAL_LIMIT) {
            return hrua(rng, good, bad, draws);
        }
        return sequential(rng, good, bad, draws);
    }

    /**
     * Draws items one by one (numpy's {@code hypergeometric_sample}); from the complement when more than half
     * of the population is drawn. At most {@code min(draws, total - draws)} bounded integers.
     */
    private static long sequential(UniformRandomProvider rng, long good, long bad, long draws) {
        long total = good + bad;
        boolean complement = draws > total / 2;
        long toDraw = complement ? total - draws : draws;
        long remainingTotal = total;
        long remainingGood = good;
        while (toDraw > 0 && remainingGood > 0 && remainingTotal > remainingGood) {
            if (rng.nextLong(remainingTotal) < remainingGood) {
                remainingGood--;
            }
            remainingTotal--;
            toDraw--;
        }
        if (remainingTotal == remainingGood) {
            // Only good items are left: the remaining draws all take good ones.
            remainingGood -= toDraw;
        }
        return complement ? remainingGood : good - remainingGood;
    }

    /**
     * Ratio-of-uniforms with a table-mountain hat (Stadlober 1989, "Algorithm HRUA"; variable names as there
     * and in numpy), on the reduced problem {@code n = min(draws, N - draws)}, {@code M = min(good, bad)}.
     */
    private static long hrua(UniformRandomProvider rng, long good, long bad, long draws) {
        final long popsize = good + bad;                        // N
        final long n = Math.min(draws, popsize - draws);        // n <= N/2
        final long minGoodBad = Math.min(good, bad);            // M <= N/2
        final long maxGoodBad = Math.max(good, bad);            // N - M >= n

        final double p = (double) minGoodBad / popsize;
        final double q = (double) maxGoodBad / popsize;
        final double var = (double) (popsize - n) * n * p * q / (popsize - 1);
        final double c = Math.sqrt(var + 0.5);
        final double h = D1 * c + D2;

        // Mode, exactly: m = floor((n + 1)(M + 1) / (N + 2)); m <= min(n, M).
        final long m = floorMulDiv(n + 1, minGoodBad + 1, popsize + 2);
        // Hat centre a = mu + 1/2 with mu = n M / N, kept relative to m so it keeps its fraction at any size.
        final long muFloor = floorMulDiv(n, minGoodBad, popsize);
        final long muRemainder = n * minGoodBad - muFloor * popsize;   // exact: in [0, N), wrapping arithmetic
        final double aRel = (double) (muFloor - m) + (double) muRemainder / popsize + 0.5;

        // Exclusive upper bound on K: the support's end, or 16 standard deviations past the mean.
        final long bound = Math.min(Math.min(n, minGoodBad) + 1, m + (long) Math.floor(aRel + 16.0 * c));
        final double lowRel = -(double) m;
        final double highRel = (double) (bound - m);

        final long mBad = maxGoodBad - n;   // (N - M) - n >= 0; fourth factorial is of mBad + K
        long k;
        while (true) {
            double u = rng.nextDouble();
            double v = rng.nextDouble();                 // "U star" in Stadlober (1989)
            double x = aRel + h * (v - 0.5) / u;         // X - m
            // Fast rejection outside [0, b) (also rejects the NaN / infinities of u == 0).
            if (!(x >= lowRel && x < highRel)) {
                continue;
            }
            k = m + (long) Math.floor(x);
            if (k < 0 || k >= bound) {
                continue;
            }
            // T = ln f(K) - ln f(m), each factor ratio computed from nearby arguments.
            double t = logFactorialDifference(m, k)
                    + logFactorialDifference(minGoodBad - m, minGoodBad - k)
                    + logFactorialDifference(n - m, n - k)
                    + logFactorialDifference(mBad + m, mBad + k);
            // Fast acceptance.
            if (u * (4.0 - u) - 3.0 <= t) {
                break;
            }
            // Fast rejection.
            if (u * (u - t) >= 1.0) {
                continue;
            }
            if (2.0 * Math.log(u) <= t) {
                break;
            }
        }
        if (good > bad) {
            k = n - k;
        }
        if (n < draws) {
            k = good - k;
        }
        return k;
    }

    /** {@code ln(k!)}: exact table below {@link #TABLE_SIZE}, Stirling's series (error below 1e-18) above. */
    static double logFactorial(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("logFactorial of negative " + k);
        }
        if (k < TABLE_SIZE) {
            return LOG_FACTORIAL[(int) k];
        }
        double x = k;
        double inv = 1.0 / x;
        return (x + 0.5) * Math.log(x) - x + HALF_LOG_2PI + inv * (1.0 / 12.0 - inv * inv / 360.0);
    }

    /**
     * {@code ln(x!) - ln(y!)}, accurate to a few ulps of the result even when both arguments are near 2^62 (where
     * each log-factorial is ~1e20 and a plain difference would lose every digit).
     */
    static double logFactorialDifference(long x, long y) {
        if (x == y) {
            return 0.0;
        }
        long lo = Math.min(x, y);
        long hi = Math.max(x, y);
        double diff;
        if (lo >= TABLE_SIZE) {
            // Stirling: lf(k) = (k + 1/2) ln k - k + ln(2 pi)/2 + 1/(12k) - 1/(360 k^3), differenced exactly:
            // lf(hi) - lf(lo) = (lo + 1/2) ln(hi/lo) + d ln(hi) - d + corrections, with d = hi - lo.
            long d = hi - lo;
            double dd = d;
            double lod = lo;
            double hid = hi;
            double invHi = 1.0 / hid;
            double invLo = 1.0 / lod;
            diff = (lod + 0.5) * StrictLog1p.log1p(dd / lod) + dd * Math.log(hid) - dd
                    + (invHi - invLo) / 12.0
                    - (invHi * invHi * invHi - invLo * invLo * invLo) / 360.0;
        } else {
            // lo is tabulated. Either hi < ~2 * TABLE_SIZE, where both terms are below ~1.5e4 (absolute error
            // ~1e-12), or hi - lo > hi / 2 and the result is of the order of ln(hi!) itself (relative error ~1e-16).
            diff = logFactorial(hi) - LOG_FACTORIAL[(int) lo];
        }
        return x > y ? diff : -diff;
    }

    /**
     * {@code floor(a * b / c)} exactly, for {@code a, b >= 0}, {@code c > 0} and a quotient below 2^62: a
     * double estimate corrected with exact 128-bit remainders ({@link Math#multiplyHigh} and the wrapping low
     * product).
     */
    static long floorMulDiv(long a, long b, long c) {
        long quotient = (long) ((double) a * (double) b / (double) c);
        final long productHi = Math.multiplyHigh(a, b);
        final long productLo = a * b;
        while (true) {
            // remainder = a*b - quotient*c as a signed 128-bit (remHi, remLo).
            long subHi = Math.multiplyHigh(quotient, c);
            long subLo = quotient * c;
            long remLo = productLo - subLo;
            long remHi = productHi - subHi - (Long.compareUnsigned(productLo, subLo) < 0 ? 1 : 0);
            if (remHi < 0) {
                long step = (long) Math.floor(toDouble(remHi, remLo) / c);
                quotient += Math.min(step, -1);
            } else if (remHi > 0 || Long.compareUnsigned(remLo, c) >= 0) {
                long step = (long) Math.floor(toDouble(remHi, remLo) / c);
                quotient += Math.max(step, 1);
            } else {
                return quotient;
            }
        }
    }

    /** The signed 128-bit integer {@code hi * 2^64 + unsigned(lo)} as a double (correctly rounded if it fits a long). */
    private static double toDouble(long hi, long lo) {
        if (hi == (lo >> 63)) {
            return (double) lo;
        }
        double unsignedLo = (double) (lo >>> 1) * 2.0 + (double) (lo & 1L);
        return (double) hi * 0x1.0p64 + unsignedLo;
    }
}
