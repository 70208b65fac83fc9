package org.connectome.stats;

/**
 * The law of a continuous quantity (a weight, a summed input): what a histogram of it is drawn against. The
 * normal is the reference's; a law whose density is not normal (a normal truncated to the source's sign under
 * Dale's law, say) is another implementation.
 */
public interface ContinuousLaw {
    /** The probability density at x. */
    double density(double x);

    double mean();

    double standardDeviation();

    /** How a reader names the law, e.g. {@code Normal(0.1, 0.1)}. */
    String description();

    /** The normal law of a mean and a standard deviation (a point mass when the standard deviation is 0). */
    static ContinuousLaw normal(double mean, double standardDeviation) {
        return new Normal(mean, standardDeviation);
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
        public String description() {
            return "Normal(" + Check.number(mean, 4) + ", " + Check.number(standardDeviation, 4) + "\u00b2)";
        }
    }
}
