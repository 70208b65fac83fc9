package org.connectome.random;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * A generator of the row streams, with standard normal draws of its own: the numbers of Commons RNG's
 * {@link ZigguratSampler.NormalizedGaussian} over it, with the sampler's common case inline ({@link ZigguratLayers}).
 */
public interface GaussianRandom extends UniformRandomProvider {
    /**
     * A standard normal draw: the value, and the numbers taken, of
     * {@code ZigguratSampler.NormalizedGaussian.of(this).sample()}.
     */
    double nextGaussian();

    /**
     * Fills {@code out[from .. to-1]} with {@code mean + std * nextGaussian()}, in order: the same values and numbers
     * as that loop. The weight loops of long rows call this, not {@link #nextGaussian()}: a loop in the generator keeps
     * its fast path free of calls, where C2 declined, in some runs and not others, to inline a draw that it had
     * already compiled on its own as a big method (a call a weight: a third slower).
     */
    default void fillNormal(double[] out, int from, int to, double mean, double std) {
        for (int i = from; i < to; i++) {
            out[i] = mean + std * nextGaussian();
        }
    }
}
