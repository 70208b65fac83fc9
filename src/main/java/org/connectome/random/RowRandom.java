package org.connectome.random;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * A generator of the row streams, with the draws of the rows' loops: bounded integers (a row's pres), and standard
 * normal draws of its own, the numbers of Commons RNG's {@link ZigguratSampler.NormalizedGaussian} over it with the
 * sampler's common case inline ({@link ZigguratLayers}). The fills are those loops, written in the generator so that
 * their fast paths call nothing: where the loop called a draw, C2 declined, in some runs and not others, to inline a
 * draw it had already compiled on its own as a big method, and the loop took up to a third longer.
 */
public interface RowRandom extends UniformRandomProvider {
    /**
     * A standard normal draw: the value, and the numbers taken, of
     * {@code ZigguratSampler.NormalizedGaussian.of(this).sample()}.
     */
    double nextGaussian();

    /** Fills {@code out[from .. to-1]} with {@code mean + std * nextGaussian()}: that loop's values and numbers. */
    default void fillNormal(double[] out, int from, int to, double mean, double std) {
        for (int i = from; i < to; i++) {
            out[i] = mean + std * nextGaussian();
        }
    }

    /**
     * An exactly uniform integer of {@code [0, bound)}, {@code 1 <= bound <= 2^31}: Lemire's multiply-and-reject on
     * 32-bit draws ({@link #nextInt()}; the row generators give two per 64-bit number). Part of the pres' definition
     * (format version 3).
     */
    default int nextIntBelow(long bound) {
        long product = (nextInt() & 0xFFFFFFFFL) * bound;
        if ((product & 0xFFFFFFFFL) < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while ((product & 0xFFFFFFFFL) < threshold) {
                product = (nextInt() & 0xFFFFFFFFL) * bound;
            }
        }
        return (int) (product >>> 32);
    }

    /** Fills {@code out[from .. to-1]} with {@link #nextIntBelow}{@code (bound)}: that loop's values and numbers. */
    default void fillBelow(int[] out, int from, int to, long bound) {
        for (int i = from; i < to; i++) {
            out[i] = nextIntBelow(bound);
        }
    }
}
