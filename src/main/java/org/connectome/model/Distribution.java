package org.connectome.model;

import java.io.Serializable;
import org.connectome.random.RowRandom;

/**
 * A weight or delay law (SPEC 7): {@code normal {mean, std}}, {@code lognormal {mean, std}} (of the value itself),
 * {@code uniform {min, max}}, {@code constant {value}}, optionally bounded to {@code [low, high]} by redrawing, as
 * NEST's {@code redraw} does (Dale's law is such a bound at 0). Normal draws are {@code mean + std * g} with g from
 * Commons RNG's ziggurat, as the reference model's weights are.
 *
 * @param kind the law
 * @param a    normal, lognormal: mean (for lognormal, of the log); uniform: min; constant: value
 * @param b    normal, lognormal: std (for lognormal, of the log); uniform: max; constant: unused
 * @param low  the lower bound met by redrawing (-infinity for none)
 * @param high the upper bound met by redrawing (+infinity for none)
 */
public record Distribution(Kind kind, double a, double b, double low, double high) implements Serializable {
    public enum Kind { NORMAL, LOGNORMAL, UNIFORM, CONSTANT }

    /** The smallest probability of the bounds that redrawing may have to meet (SPEC 7's bad input). */
    public static final double MIN_ACCEPTANCE = 1e-6;

    public static Distribution constant(double value) {
        return new Distribution(Kind.CONSTANT, value, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    public static Distribution normal(double mean, double std) {
        return new Distribution(Kind.NORMAL, mean, std, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** The lognormal law whose value has this mean and standard deviation. */
    public static Distribution lognormal(double mean, double std) {
        double sigma2 = Math.log1p((std * std) / (mean * mean));
        return new Distribution(Kind.LOGNORMAL, Math.log(mean) - sigma2 / 2, Math.sqrt(sigma2),
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    public static Distribution uniform(double min, double max) {
        return new Distribution(Kind.UNIFORM, min, max, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** The same law bounded to the intersection of its bounds and {@code [low, high]}. */
    public Distribution bounded(double newLow, double newHigh) {
        return new Distribution(kind, a, b, Math.max(low, newLow), Math.min(high, newHigh));
    }

    /** One value: a draw redrawn until it lies within the bounds. */
    public double sample(RowRandom random) {
        while (true) {
            double x = switch (kind) {
                case NORMAL -> a + b * random.nextGaussian();
                case LOGNORMAL -> Math.exp(a + b * random.nextGaussian());
                case UNIFORM -> a + (b - a) * random.nextDouble();
                case CONSTANT -> a;
            };
            if (x >= low && x <= high) {
                return x;
            }
        }
    }

    /**
     * Fills {@code out[from .. to-1]} with draws, in order: the values of that many {@link #sample} calls, with the
     * law's switch once per run rather than once per value (a normal law, the usual weight, in a tight loop).
     */
    public void fill(RowRandom random, double[] out, int from, int to) {
        if (kind != Kind.NORMAL) {
            for (int i = from; i < to; i++) {
                out[i] = sample(random);
            }
            return;
        }
        if (low == Double.NEGATIVE_INFINITY && high == Double.POSITIVE_INFINITY) {
            random.fillNormal(out, from, to, a, b); // nothing to redraw: the generator's own loop
            return;
        }
        for (int i = from; i < to; i++) {
            double x;
            do {
                x = a + b * random.nextGaussian();
            } while (!(x >= low && x <= high));
            out[i] = x;
        }
    }

    /** The probability that one draw lies within the bounds (1 when there are none). */
    public double acceptance() {
        return Math.max(0, cdf(high) - cdfBelow(low));
    }

    /** P(X <= x) of one draw, before the bounds. */
    public double cdf(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        if (x == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        return unboundedCdf(x);
    }

    /**
     * The density of one draw at x, before the bounds (0 for a constant, whose mass is a point: see
     * {@link #cdf}).
     */
    public double density(double x) {
        return switch (kind) {
            case NORMAL -> b == 0 ? 0 : Math.exp(-0.5 * ((x - a) / b) * ((x - a) / b)) / (b * Math.sqrt(2 * Math.PI));
            case LOGNORMAL -> x <= 0 || b == 0 ? 0
                    : Math.exp(-0.5 * ((Math.log(x) - a) / b) * ((Math.log(x) - a) / b)) / (x * b * Math.sqrt(2 * Math.PI));
            case UNIFORM -> b > a && x >= a && x <= b ? 1 / (b - a) : 0;
            case CONSTANT -> 0;
        };
    }

    private double unboundedCdf(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        return switch (kind) {
            case NORMAL -> b == 0 ? (a <= x ? 1 : 0) : normalCdf((x - a) / b);
            case LOGNORMAL -> x <= 0 ? 0 : b == 0 ? (Math.exp(a) <= x ? 1 : 0) : normalCdf((Math.log(x) - a) / b);
            case UNIFORM -> a == b ? (a <= x ? 1 : 0) : Math.min(1, Math.max(0, (x - a) / (b - a)));
            case CONSTANT -> a <= x ? 1 : 0;
        };
    }

    /** P(X < x) of one draw, before the bounds. */
    public double cdfBelow(double x) {
        if (x == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        return switch (kind) {
            case CONSTANT -> a < x ? 1 : 0;
            case NORMAL -> b == 0 ? (a < x ? 1 : 0) : cdf(x);
            case LOGNORMAL -> b == 0 ? (Math.exp(a) < x ? 1 : 0) : cdf(x);
            case UNIFORM -> a == b ? (a < x ? 1 : 0) : cdf(x);
        };
    }

    /** Phi(z) by erfc (Numerical Recipes' erfcc, relative error below 1.2e-7: enough for a 1e-6 threshold). */
    static double normalCdf(double z) {
        double x = -z / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return 0.5 * (x >= 0 ? erfc : 2 - erfc);
    }
}
