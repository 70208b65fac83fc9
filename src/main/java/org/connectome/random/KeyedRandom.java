package org.connectome.random;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * A counter-based generator (SPEC 3): Philox4x64-10 (Salmon et al., SC 2011) with the 128-bit key
 * {@code (seed, stream)} and the item in the counter, so every (seed, stream, key, subKey) owns its own
 * sequence of 2^64 blocks of four numbers and no two sequences can overlap, however many there are.
 *
 * <p>Counter layout: {@code (block, key, subKey, 0)}; a key is a post neuron, a cell or a tree node, a sub-key a
 * projection (0 for the reference's single one). {@link #reset(long)} jumps to another key's block 0 in O(1) and
 * without allocation, so one instance serves a whole slice: that is why the rounds are written here rather than
 * taken from Commons RNG 1.7's {@code Philox4x64}, which cannot be re-keyed in place. The outputs are those of
 * {@code new Philox4x64(new long[] {seed, stream, 0, key, subKey, 0})} number for number (KeyedRandomTest checks
 * it against the library). Not thread-safe: one instance per task.
 */
public final class KeyedRandom implements UniformRandomProvider {
    private static final long M0 = 0xD2E7470EE14C6C93L;
    private static final long M1 = 0xCA5A826395121157L;
    private static final long W0 = 0x9E3779B97F4A7C15L;
    private static final long W1 = 0xBB67AE8584CAA73BL;

    private final long key0;
    private final long key1;
    private long block;
    private long key;
    private long subKey;
    private long out0;
    private long out1;
    private long out2;
    private long out3;
    private int position;
    private int half;
    private boolean hasHalf;

    public KeyedRandom(long seed, RandomStream stream) {
        this(seed, stream.id);
    }

    /** A generator of an explicit stream id (the network models key streams by rule and projection). */
    public KeyedRandom(long seed, long streamId) {
        this.key0 = seed;
        this.key1 = streamId;
        reset(0);
    }

    /** Positions this generator at the first number of {@code key}'s sequence (sub-key 0). */
    public KeyedRandom reset(long key) {
        return reset(key, 0);
    }

    /** Positions this generator at the first number of the sequence of {@code (key, subKey)}. */
    public KeyedRandom reset(long key, long subKey) {
        this.key = key;
        this.subKey = subKey;
        this.block = 0;
        this.position = 4;
        this.hasHalf = false;
        return this;
    }

    @Override
    public long nextLong() {
        switch (position) {
            case 0:
                position = 1;
                return out0;
            case 1:
                position = 2;
                return out1;
            case 2:
                position = 3;
                return out2;
            case 3:
                position = 4;
                return out3;
            default:
                block++;
                rounds();
                position = 1;
                return out0;
        }
    }

    /**
     * 32 random bits: the two halves of one {@link #nextLong()}, high half first, so that the bounded integers of
     * pre sampling cost half a block draw each.
     */
    @Override
    public int nextInt() {
        if (hasHalf) {
            hasHalf = false;
            return half;
        }
        long value = nextLong();
        half = (int) value;
        hasHalf = true;
        return (int) (value >>> 32);
    }

    @Override
    public double nextDouble() {
        // 53 random bits: uniform on [0, 1) with spacing 2^-53.
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Ten Philox rounds of the counter {@code (block, key, subKey, 0)} into the output block. */
    private void rounds() {
        long c0 = block;
        long c1 = key;
        long c2 = subKey;
        long c3 = 0;
        long k0 = key0;
        long k1 = key1;
        for (int round = 0; round < 10; round++) {
            long lo0 = M0 * c0;
            long hi0 = unsignedMultiplyHigh(M0, c0);
            long lo1 = M1 * c2;
            long hi1 = unsignedMultiplyHigh(M1, c2);
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        out0 = c0;
        out1 = c1;
        out2 = c2;
        out3 = c3;
    }

    /** The high 64 bits of the unsigned 128-bit product (Java 17 has only the signed {@link Math#multiplyHigh}). */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
