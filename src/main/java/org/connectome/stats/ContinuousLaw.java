package org.connectome.stats;

import java.util.List;
import org.connectome.model.Distribution;

/**
 * The law of a continuous quantity (a weight, a delay before rounding, a summed input): what a histogram of it is
 * drawn and tested against. The normal is the reference's; {@link #of(Distribution)} is a network spec's law
 * under its bounds (redrawn, as NEST's {@code redraw}; Dale's law is a bound at 0).
 */
public interface ContinuousLaw {
    /** The probability density at x. */
    double density(double x);

    /** P(X <= x). */
    double cdf(double x);

    double mean();

    double standardDeviation();

    /** How a reader names the law, e.g. {@code Normal(0.1, 0.1)}. */
    String description();

    /** The normal law of a mean and a standard deviation (a point mass when the standard deviation is 0). */
    static ContinuousLaw normal(double mean, double standardDeviation) {
        return new Normal(mean, standardDeviation);
    }

    /** A spec's law conditioned on its bounds: what redrawing until a draw is within them gives. */
    static ContinuousLaw of(Distribution law) {
        return new Bounded(law);
    }

    /** Laws mixed with weights (summing to 1): a value of part i with probability weights[i]. */
    static ContinuousLaw mixture(String description, List<ContinuousLaw> parts, double[] weights) {
        return new Mixture(description, List.copyOf(parts), weights.clone());
    }

    /** See {@link #mixture}. */
    record Mixture(String description, List<ContinuousLaw> parts, double[] weights) implements ContinuousLaw {
        @Override
        public double density(double x) {
            double density = 0;
            for (int i = 0; i < parts.size(); i++) {
                density += weights[i] * parts.get(i).density(x);
            }
            return density;
        }

        @Override
        public double cdf(double x) {
            double cdf = 0;
            for (int i = 0; i < parts.size(); i++) {
                cdf += weights[i] * parts.get(i).cdf(x);
            }
            return cdf;
        }

        @Override
        public double mean() {
            double mean = 0;
            for (int i = 0; i < parts.size(); i++) {
                mean += weights[i] * parts.get(i).mean();
            }
            return mean;
        }

        @Override
        public double standardDeviation() {
            double mean = mean();
            double second = 0;
            for (int i = 0; i < parts.size(); i++) {
                ContinuousLaw part = parts.get(i);
                second += weights[i] * (part.standardDeviation() * part.standardDeviation() + part.mean() * part.mean());
            }
            return Math.sqrt(Math.max(0, second - mean * mean));
        }
    }

    /** N(mean, sd^2). */
    record Normal(double mean, double standardDeviation) implements ContinuousLaw {
        @Override
        public double density(double x) {
            if (!(standardDeviation > 0)) {
                return x == mean ? Double.POSITIVE_INFINITY : 0;
            }
            double z = (x - mean) / standardDeviation;
            return Math.exp(-z * z / 2) / (standardDeviation * Math.sqrt(2 * Math.PI));
        }

        @Override
        public double cdf(double x) {
            if (!(standardDeviation > 0)) {
                return x >= mean ? 1 : 0;
            }
            return 0.5 * CountLaw.erfc(-(x - mean) / (standardDeviation * Math.sqrt(2)));
        }

        @Override
        public String description() {
            return "Normal(" + Check.number(mean, 4) + ", " + Check.number(standardDeviation, 4) + "\u00b2)";
        }
    }

    /**
     * A {@link Distribution} given that its draw lies within its bounds: density and cdf renormalized by the
     * acceptance; mean and standard deviation by Simpson's rule over the law's range (a constant is a point mass).
     */
    final class Bounded implements ContinuousLaw {
        private static final int STEPS = 4096;
        private final Distribution law;
        private final double below;
        private final double acceptance;
        private final double mean;
        private final double standardDeviation;

        Bounded(Distribution law) {
            this.law = law;
            this.below = law.cdfBelow(law.low());
            this.acceptance = law.acceptance();
            if (law.kind() == Distribution.Kind.CONSTANT) {
                mean = law.a();
                standardDeviation = 0;
                return;
            }
            double from = Math.max(law.low(), quantile(1e-12));
            double to = Math.min(law.high(), quantile(1 - 1e-12));
            double h = (to - from) / STEPS;
            double m0 = 0;
            double m1 = 0;
            double m2 = 0;
            for (int i = 0; i <= STEPS; i++) {
                double x = from + i * h;
                double w = (i == 0 || i == STEPS ? 1 : i % 2 == 1 ? 4 : 2) * density(x);
                m0 += w;
                m1 += w * x;
                m2 += w * x * x;
            }
            mean = m1 / m0;
            standardDeviation = Math.sqrt(Math.max(0, m2 / m0 - mean * mean));
        }

        public Distribution distribution() {
            return law;
        }

        @Override
        public double density(double x) {
            return x < law.low() || x > law.high() || acceptance <= 0 ? 0 : law.density(x) / acceptance;
        }

        @Override
        public double cdf(double x) {
            if (x < law.low()) {
                return 0;
            }
            if (x >= law.high()) {
                return 1;
            }
            return acceptance <= 0 ? 0 : Math.min(1, Math.max(0, (law.cdf(x) - below) / acceptance));
        }

        /** The x with cdf(x) = u, by bisection (for the range the moments and the bins are taken over). */
        public double quantile(double u) {
            if (law.kind() == Distribution.Kind.CONSTANT) {
                return law.a();
            }
            double low = switch (law.kind()) {
                case NORMAL -> law.a() - 60 * law.b();
                case LOGNORMAL -> 0;
                default -> law.a();
            };
            double high = switch (law.kind()) {
                case NORMAL -> law.a() + 60 * law.b();
                case LOGNORMAL -> Math.min(Double.MAX_VALUE, Math.exp(law.a() + 60 * law.b()));
                default -> law.b();
            };
            low = Math.max(low, law.low());
            high = Math.min(high, law.high());
            for (int i = 0; i < 200 && high - low > 1e-15 * Math.max(1, Math.abs(high)); i++) {
                double mid = 0.5 * (low + high);
                if (cdf(mid) < u) {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            return 0.5 * (low + high);
        }

        @Override
        public double mean() {
            return mean;
        }

        @Override
        public double standardDeviation() {
            return standardDeviation;
        }

        @Override
        public String description() {
            String body = switch (law.kind()) {
                case NORMAL -> "Normal(" + Check.number(law.a(), 4) + ", " + Check.number(law.b(), 4) + "\u00b2)";
                case LOGNORMAL -> "LogNormal(\u03bc " + Check.number(law.a(), 4) + ", \u03c3 " + Check.number(law.b(), 4)
                        + ")";
                case UNIFORM -> "Uniform(" + Check.number(law.a(), 4) + ", " + Check.number(law.b(), 4) + ")";
                case CONSTANT -> "constant " + Check.number(law.a(), 4);
            };
            boolean bounded = Double.isFinite(law.low()) || Double.isFinite(law.high());
            return bounded ? body + " on [" + Check.number(law.low(), 4) + ", " + Check.number(law.high(), 4) + "]"
                    : body;
        }
    }
}
