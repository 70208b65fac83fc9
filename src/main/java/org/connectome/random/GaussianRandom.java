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
}
