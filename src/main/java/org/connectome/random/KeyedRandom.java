package org.connectome.random;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * A counter-based generator (SPEC 3): Philox4x64-10 (Salmon et al., SC 2011) with the 128-bit key
 * {@code (seed, stream)} and the item in the counter, so every (seed, stream, key, subKey) owns its own
 * sequence of 2^64 blocks of four numbers and no two sequences can overlap, however many there are.
 *
 * <p>Counter layout: {@code (block, key, subKey, 0)}; a key is a tree node, a projection or a cell (64 bits), a
 * sub-key a projection and source (0 for the reference's single one), or a post and projection for rows under
 * {@link RowStream#AES_MIN_SYNAPSES} synapses. Longer rows' pres, weights and delays (format version 3) are
 * {@link AesRowRandom}: many draws a key, where Philox's cost a number dominates; these have few draws a key,
 * where the free reset wins.
 *
 * <p>{@link #reset(long)} jumps to another key's block 0 in O(1) and without allocation, so one instance serves a
 * whole slice: that is why the rounds are written here rather than taken from Commons RNG 1.7's
 * {@code Philox4x64}, which cannot be re-keyed in place. The outputs are those of
 * {@code new Philox4x64(new long[] {seed, stream, 0, key, subKey, 0})} number for number (KeyedRandomTest checks
 * it against the library). Not thread-safe: one instance per task.
 */
public final class KeyedRandom extends HalvingRandom {
    private static final long M0 = 0xD2E7470EE14C6C93L;
    private static final long M1 = 0xCA5A826395121157L;
    private static final long W0 = 0x9E3779B97F4A7C15L;
    private static final long W1 = 0xBB67AE8584CAA73BL;

    private final long k0r0;
    private final long k1r0;
    private final long k0r1;
    private final long k1r1;
    private final long k0r2;
    private final long k1r2;
    private final long k0r3;
    private final long k1r3;
    private final long k0r4;
    private final long k1r4;
    private final long k0r5;
    private final long k1r5;
    private final long k0r6;
    private final long k1r6;
    private final long k0r7;
    private final long k1r7;
    private final long k0r8;
    private final long k1r8;
    private final long k0r9;
    private final long k1r9;
    /** Commons RNG's sampler over this generator: the Gaussians' edge and tail layers. */
    private final ZigguratSampler.NormalizedGaussian gaussians = ZigguratSampler.NormalizedGaussian.of(this);
    private long block;
    private long key;
    private long subKey;
    private long out0;
    private long out1;
    private long out2;
    private long out3;
    /** The next number's index in the block; 4 when the block is used up. */
    private int position;

    public KeyedRandom(long seed, RandomStream stream) {
        this(seed, stream.id);
    }

    /** A generator of an explicit stream id (the network models key streams by rule and projection). */
    public KeyedRandom(long seed, long streamId) {
        this.k0r0 = seed + 0 * W0;
        this.k1r0 = streamId + 0 * W1;
        this.k0r1 = seed + 1 * W0;
        this.k1r1 = streamId + 1 * W1;
        this.k0r2 = seed + 2 * W0;
        this.k1r2 = streamId + 2 * W1;
        this.k0r3 = seed + 3 * W0;
        this.k1r3 = streamId + 3 * W1;
        this.k0r4 = seed + 4 * W0;
        this.k1r4 = streamId + 4 * W1;
        this.k0r5 = seed + 5 * W0;
        this.k1r5 = streamId + 5 * W1;
        this.k0r6 = seed + 6 * W0;
        this.k1r6 = streamId + 6 * W1;
        this.k0r7 = seed + 7 * W0;
        this.k1r7 = streamId + 7 * W1;
        this.k0r8 = seed + 8 * W0;
        this.k1r8 = streamId + 8 * W1;
        this.k0r9 = seed + 9 * W0;
        this.k1r9 = streamId + 9 * W1;
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
        dropHalf();
        return this;
    }

    @Override
    public long nextLong() {
        long x = peekLong();
        position++;
        return x;
    }

    @Override
    public double nextGaussian() {
        long x = peekLong();
        int layer = (int) x & 0xFF;
        if (layer < ZigguratLayers.FAST) {
            position++;
            return ZigguratLayers.X[layer] * x;
        }
        return gaussians.sample(); // takes x again, then more numbers
    }

    /** The next number, not taken: a new block, if one is due, leaves the position at its first number. */
    private long peekLong() {
        if (position == 4) {
            block++;
            rounds();
            position = 0;
        }
        // A branch per position keeps the block in fields (no array, no bounds check).
        int p = position;
        if (p == 0) {
            return out0;
        }
        if (p == 1) {
            return out1;
        }
        return p == 2 ? out2 : out3;
    }

    /**
     * Ten Philox rounds of the counter {@code (block, key, subKey, 0)} into the output block, unrolled: the JIT keeps
     * the four words in registers, and the unsigned high products are written in place (as helper methods C2
     * left them un-inlined, "callee uses too much stack"). The round keys {@code key + r * W} are precomputed per
     * instance. The cost is the latency of the ten dependent multiply rounds, so the sums are grouped to keep
     * only one add and one xor after each high product on the chain ({@code hi + (c + correction)},
     * {@code hi ^ (c ^ k)}); two or three blocks side by side, computed ahead into a buffer, measured no faster
     * here (they spill registers, and the multiplier is the limit).
     */
    private void rounds() {
        long c0 = block;
        long c1 = key;
        long c2 = subKey;
        long c3 = 0;
        long hi0;
        long hi1;
        long lo0;
        long lo1;
        hi0 = Math.multiplyHigh(M0, c0) + (c0 + ((c0 >> 63) & M0));
        lo0 = M0 * c0;
        hi1 = Math.multiplyHigh(M1, c2) + (c2 + ((c2 >> 63) & M1));
        lo1 = M1 * c2;
        c0 = hi1 ^ (c1 ^ k0r0);
        c1 = lo1;
        c2 = hi0 ^ (c3 ^ k1r0);
        c3 = lo0;
        hi0 = Math.multiplyHigh(M0, c0) + (c0 + ((c0 >> 63) & M0));
        lo0 = M0 * c0;
        hi1 = Math.multiplyHigh(M1, c2) + (c2 + ((c2 >> 63) & M1));
        lo1 = M1 * c2;
        c0 = hi1 ^ (c1 ^ k0r1);
        c1 = lo1;
        c2 = hi0 ^ (c3 ^ k1r1);
        c3 = lo0;
        hi0 = Math.multiplyHigh(M0, c0) + (c0 + ((c0 >> 63) & M0));
        lo0 = M0 * c0;
        hi1 = Math.multiplyHigh(M1, c2) + (c2 + ((c2 >> 63) & M1));
        lo1 = M1 * c2;
        c0 = hi1 ^ (c1 ^ k0r2);
        c1 = lo1;
        c2 = hi0 ^ (c3 ^ k1r2);
        c3 = lo0;
        hi0 = Math.multiplyHigh(M0, c0) + (c0 + ((c0 >> 63) & M0));
        lo0 = M0 * c0;
        hi1 = Math.multiplyHigh(M1, c2) + (c2 + ((c2 >> 63) & M1));
        lo1 = M1 * c2;
        c0 = hi1 ^ (c1 ^ k0r3);
        c1 = lo1;
        c2 = hi0 ^ (c3 ^ k1r3);
        c3 = lo0;
        hi0 = Math.multiplyHigh(M0, c0) + (c0 + ((c0 >> 63) & M0));
        lo0 = M0 * c0;
        hi1 = Math.multiplyHigh(M1, c2) + (c2 + ((c2 >> 63) & M1));
        lo1 = M1 * c2;
        c0 = hi1 ^ (c1 ^ k0r4);
        c1 = lo1;
        c2 = hi0 ^ (c3 ^ k1r4);
        c3 = lo0;
        hi0 = Math.multiplyHigh(M0, c0) + (c0 + ((c0 >> 63) & M0));
        lo0 = M0 * c0;
        hi1 = Math.multiplyHigh(M1, c2) + (c2 + ((c2 >> 63) & M1));
        lo1 = M1 * c2;
        c0 = hi1 ^ (c1 ^ k0r5);
        c1 = lo1;
        c2 = hi0 ^ (c3 ^ k1r5);
        c3 = lo0;
        hi0 = Math.multiplyHigh(M0, c0) + (c0 + ((c0 >> 63) & M0));
        lo0 = M0 * c0;
        hi1 = Math.multiplyHigh(M1, c2) + (c2 + ((c2 >> 63) & M1));
        lo1 = M1 * c2;
        c0 = hi1 ^ (c1 ^ k0r6);
        c1 = lo1;
        c2 = hi0 ^ (c3 ^ k1r6);
        c3 = lo0;
        hi0 = Math.multiplyHigh(M0, c0) + (c0 + ((c0 >> 63) & M0));
        lo0 = M0 * c0;
        hi1 = Math.multiplyHigh(M1, c2) + (c2 + ((c2 >> 63) & M1));
        lo1 = M1 * c2;
        c0 = hi1 ^ (c1 ^ k0r7);
        c1 = lo1;
        c2 = hi0 ^ (c3 ^ k1r7);
        c3 = lo0;
        hi0 = Math.multiplyHigh(M0, c0) + (c0 + ((c0 >> 63) & M0));
        lo0 = M0 * c0;
        hi1 = Math.multiplyHigh(M1, c2) + (c2 + ((c2 >> 63) & M1));
        lo1 = M1 * c2;
        c0 = hi1 ^ (c1 ^ k0r8);
        c1 = lo1;
        c2 = hi0 ^ (c3 ^ k1r8);
        c3 = lo0;
        hi0 = Math.multiplyHigh(M0, c0) + (c0 + ((c0 >> 63) & M0));
        lo0 = M0 * c0;
        hi1 = Math.multiplyHigh(M1, c2) + (c2 + ((c2 >> 63) & M1));
        lo1 = M1 * c2;
        c0 = hi1 ^ (c1 ^ k0r9);
        c1 = lo1;
        c2 = hi0 ^ (c3 ^ k1r9);
        c3 = lo0;
        out0 = c0;
        out1 = c1;
        out2 = c2;
        out3 = c3;
    }
}
