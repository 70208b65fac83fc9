package org.connectome.random;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Exact sampling of the binomial distribution with 64-bit trial counts, as numpy does it
 * ({@code random_binomial} in numpy/random/src/distributions/distributions.c): inversion when
 * {@code n min(p, 1-p) < 30}, otherwise BTPE (Kachitvichyanukul and Schmeiser 1988); {@code p > 1/2} is sampled as
 * {@code n - Binomial(n, 1 - p)}. Commons RNG's binomial samplers take int trials and build a table per
 * {@code (n, p)}, which a split tree (a new {@code (n, p)} at every node) cannot afford. No allocation per call.
 */
public final class Binomial {
    private static final double INVERSION_LIMIT = 30;

    private Binomial() {
    }

    /** Successes in {@code n} independent trials of probability {@code p}. */
    public static long sample(UniformRandomProvider random, long n, double p) {
        if (n < 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Binomial(" + n + ", " + p + ")");
        }
        if (n == 0 || p == 0) {
            return 0;
        }
        if (p == 1) {
            return n;
        }
        double r = Math.min(p, 1 - p);
        long successes = n * r < INVERSION_LIMIT ? inversion(random, n, r) : btpe(random, n, r);
        return p > 0.5 ? n - successes : successes;
    }

    /** Sequential search from 0, restarted past ten standard deviations as numpy does. */
    private static long inversion(UniformRandomProvider random, long n, double p) {
        double q = 1 - p;
        double qn = Math.exp(n * StrictLog1p.log1p(-p));
        double np = n * p;
        double bound = Math.min(n, np + 10 * Math.sqrt(np * q + 1));
        long x = 0;
        double px = qn;
        double u = random.nextDouble();
        while (u > px) {
            x++;
            if (x > bound) {
                x = 0;
                px = qn;
                u = random.nextDouble();
            } else {
                u -= px;
                px = ((n - x + 1) * p * px) / (x * q);
            }
        }
        return x;
    }

    /** BTPE: a triangle, two parallelograms and two exponential tails under the pmf, p <= 1/2 and n p >= 30. */
    private static long btpe(UniformRandomProvider random, long n, double p) {
        double r = p;
        double q = 1 - r;
        double fm = n * r + r;
        long m = (long) Math.floor(fm);
        double p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
        double xm = m + 0.5;
        double xl = xm - p1;
        double xr = xm + p1;
        double c = 0.134 + 20.5 / (15.3 + m);
        double a = (fm - xl) / (fm - xl * r);
        double laml = a * (1.0 + a / 2.0);
        a = (xr - fm) / (xr * q);
        double lamr = a * (1.0 + a / 2.0);
        double p2 = p1 * (1.0 + 2.0 * c);
        double p3 = p2 + c / laml;
        double p4 = p3 + c / lamr;
        double nrq = n * r * q;
        while (true) {
            double u = random.nextDouble() * p4;
            double v = random.nextDouble();
            long y;
            if (u <= p1) {
                // The triangle: accepted at once.
                return (long) Math.floor(xm - p1 * v + u);
            }
            if (u <= p2) {
                double x = xl + (u - p1) / c;
                v = v * c + 1.0 - Math.abs(m - x + 0.5) / p1;
                if (v > 1.0) {
                    continue;
                }
                y = (long) Math.floor(x);
            } else if (u <= p3) {
                y = (long) Math.floor(xl + Math.log(v) / laml);
                if (y < 0 || v == 0.0) {
                    continue;
                }
                v = v * (u - p2) * laml;
            } else {
                y = (long) Math.floor(xr - Math.log(v) / lamr);
                if (y > n || v == 0.0) {
                    continue;
                }
                v = v * (u - p3) * lamr;
            }
            long k = Math.abs(y - m);
            if (k <= 20 || k >= nrq / 2 - 1) {
                // Explicit evaluation of f(y) / f(m) by the recurrence.
                double s = r / q;
                double an = s * (n + 1);
                double f = 1.0;
                if (m < y) {
                    for (long i = m + 1; i <= y; i++) {
                        f *= (an / i - s);
                    }
                } else if (m > y) {
                    for (long i = y + 1; i <= m; i++) {
                        f /= (an / i - s);
                    }
                }
                if (v > f) {
                    continue;
                }
                return y;
            }
            // Squeeze by the normal approximation, then the final test by Stirling's formula.
            double rho = (k / nrq) * ((k * (k / 3.0 + 0.625) + 0.1666666666666) / nrq + 0.5);
            double t = -k * (double) k / (2 * nrq);
            double logV = Math.log(v);
            if (logV < t - rho) {
                return y;
            }
            if (logV > t + rho) {
                continue;
            }
            double x1 = y + 1;
            double f1 = m + 1;
            double z = n + 1 - m;
            double w = n - y + 1;
            double x2 = x1 * x1;
            double f2 = f1 * f1;
            double z2 = z * z;
            double w2 = w * w;
            double bound = xm * Math.log(f1 / x1) + (n - m + 0.5) * Math.log(z / w) + (y - m) * Math.log(w * r / (x1 * q))
                    + stirling(f1, f2) + stirling(z, z2) + stirling(x1, x2) + stirling(w, w2);
            if (logV > bound) {
                continue;
            }
            return y;
        }
    }

    private static double stirling(double x, double x2) {
        return (13860. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / x / 166320.;
    }
}
