package org.connectome.random;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * A counter-based generator: a SplitMix64 sequence whose starting point is a strong hash of
 * (seed, stream, key). {@link #reset(long)} jumps to the start of another key's sequence in O(1), so one
 * instance serves a whole block without allocation.
 *
 * <p>SplitMix64 (Steele, Lea and Flood, OOPSLA 2014) passes BigCrush; the starts are spread by the
 * Stafford variant-13 finalizer, so sequences of distinct keys are independent for every practical purpose.
 * Not thread-safe: one instance per task.
 */
public final class KeyedRandom implements UniformRandomProvider {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long streamBase;
    private long state;

    public KeyedRandom(long seed, RandomStream stream) {
        this.streamBase = mix64(seed ^ mix64(stream.id * GOLDEN_GAMMA + 0x632BE59BD9B4E019L));
        reset(0);
    }

    /** Positions this generator at the first number of {@code key}'s sequence. */
    public KeyedRandom reset(long key) {
        state = mix64(streamBase + GOLDEN_GAMMA * (key + 1));
        return this;
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    @Override
    public double nextDouble() {
        // 53 random bits: uniform on [0, 1) with spacing 2^-53.
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer, as in SplitMix64. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
