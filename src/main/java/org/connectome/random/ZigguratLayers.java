package org.connectome.random;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The common case of Commons RNG's {@link ZigguratSampler.NormalizedGaussian}, so that the row generators can draw
 * it inline ({@link RowRandom#nextGaussian()}). The sampler takes one 64-bit number {@code x}; when its low byte
 * {@code i} names one of the first {@link #FAST} layers the draw is {@code X[i] * x}, and only the others (about 1
 * in 85) go on to its edge and tail code, with more numbers. Called through the sampler, that one multiply cost a
 * call a draw wherever C2 had already compiled the sampler as a big method and would not inline it: the weight loop
 * took a third longer in some runs than in others.
 *
 * <p>The layers are read from the sampler itself, through its public API, when this class loads: a number of low
 * byte {@code i} whose value as a double is exactly {@code 2^62} makes a fast layer's draw {@code X[i] * 2^62}, an
 * exact multiple. A layer counts as fast only if the sampler took that one number alone, and gave the scale times
 * the number for other numbers of the layer too; the fast layers are the prefix of such layers. So a library
 * version that drew otherwise would shorten the inline path (to nothing at worst), never change a draw.
 * RowRandomTest checks the draws number for number against the sampler.
 */
final class ZigguratLayers {
    /** The layers {@code [0, FAST)} draw {@code X[i] * x} from their one number {@code x}. */
    static final int FAST;
    /** The fast layers' scales. */
    static final double[] X = new double[256];

    private static final long EXACT_DOUBLE = 1L << 62;
    /** Other numbers' high bits, of both signs, checked in each layer. */
    private static final long[] HIGH_BITS = {0x5DEE_CE66_D123_4500L, -EXACT_DOUBLE, 0x0000_0000_0001_0000L,
        0xFFFF_FFFF_FFFF_FF00L};

    static {
        int fast = 0;
        while (fast < X.length && isFast(fast)) {
            fast++;
        }
        FAST = fast;
    }

    private ZigguratLayers() {
    }

    /** Whether the sampler draws {@code scale * x} from x alone in this layer; records the scale if so. */
    private static boolean isFast(int layer) {
        double scale = drawOf(EXACT_DOUBLE | layer) * 0x1.0p-62;
        if (Double.isNaN(scale)) {
            return false;
        }
        for (long high : HIGH_BITS) {
            long x = (high & ~0xFFL) | layer;
            if (drawOf(x) != scale * x) {
                return false;
            }
        }
        X[layer] = scale;
        return true;
    }

    /** The sampler's draw from the one number x; NaN if it asked for a second. */
    private static double drawOf(long x) {
        try {
            return ZigguratSampler.NormalizedGaussian.of(new OneNumber(x)).sample();
        } catch (OneNumber.Exhausted e) {
            return Double.NaN;
        }
    }

    /** A provider of one number. */
    private static final class OneNumber implements UniformRandomProvider {
        private static final class Exhausted extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final long value;
        private boolean used;

        OneNumber(long value) {
            this.value = value;
        }

        @Override
        public long nextLong() {
            if (used) {
                throw new Exhausted();
            }
            used = true;
            return value;
        }
    }
}
