package org.connectome.random;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The counter-based generator of the bulk streams (SPEC 3, format version 3): AES-128 in counter mode, one of the
 * Crush-resistant counter-based generators of Salmon et al. (SC 2011; "AES" beside ARS in Random123), keyed by
 * {@code (seed, stream)} with the item in the counter. It serves streams of many draws a key: a post's pres, weights
 * and delays. Streams of few draws a key (tree nodes, cells, rows under {@link RowStream#AES_MIN_SYNAPSES} synapses)
 * keep {@link KeyedRandom}, whose reset is free.
 *
 * <p>The JDK makes the keystream one of two ways, with the same numbers ({@link Keystream}): {@code AES/ECB} over
 * the explicit counter blocks where HotSpot has its multi-block ECB intrinsic (AVX-512 with VAES), so that a row's
 * reset costs nothing; elsewhere {@code AES/CTR}, whose blocks are pipelined but which pays a {@code Cipher.init}
 * (130-190 ns, and garbage) for each row's counter. At N = 10^7 (rows of 100, two resets a row) those inits were
 * 3 to 4 CPU seconds of a 10^9 run.
 *
 * <p>Definition: AES key = {@code seed} then {@code stream id}, 8 bytes each, big-endian. The counter block of
 * block {@code j} of {@code (key, subKey)} is {@code key} (4 bytes), {@code subKey} (4 bytes), {@code j} (8 bytes),
 * big-endian, from {@code j = 0}; number {@code i} is bytes {@code 8i .. 8i+7} of the keystream
 * {@code AES(block 0) || AES(block 1) || ...} read little-endian (so block j holds numbers 2j and 2j + 1). Keys
 * and sub-keys are 32 bits ({@code [0, 2^32)}): the sequences of distinct {@code (key, subKey)} are 2^64 blocks
 * apart and cannot overlap. AesRowRandomTest checks this number for number against AES/ECB on the explicit blocks,
 * computed there independently.
 *
 * <p>The keystream is made in chunks: the first chunk after a reset is sized to the draws the caller expects
 * ({@link #reset(long, long, int)}), later ones double up to 64 kB, so a short row neither pays for 64 kB nor
 * makes many small calls. A caller that knows its next rows announces them ({@link #prepare}), and their first
 * chunks are made in one call. Neither the chunking nor the preparing changes a number. Not thread-safe: one
 * instance per task.
 */
public final class AesRowRandom extends HalvingRandom {
    /** Numbers made by one AES-NI pipeline of 8 blocks; chunks are whole multiples of it. */
    private static final int GROUP_BYTES = 8 * 16;
    static final int MAX_CHUNK_BYTES = 1 << 16;
    /** The first chunk of a reset without a hint: 4 groups, 64 numbers. */
    private static final int DEFAULT_FIRST_BYTES = 4 * GROUP_BYTES;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long MAX_KEY = 0xFFFF_FFFFL;
    /** Most sequences {@link #prepare} makes ahead at a time. */
    public static final int MAX_PREPARED = 64;

    private final Keystream keystream;
    /** Commons RNG's sampler over this generator: the Gaussians' edge and tail layers. */
    private final ZigguratSampler.NormalizedGaussian gaussians = ZigguratSampler.NormalizedGaussian.of(this);
    /** The chunks made after a reset's first. */
    private final byte[] chunk = new byte[MAX_CHUNK_BYTES];
    /** First chunks of the sequences announced by {@link #prepare}, back to back. */
    private final byte[] prepared = new byte[MAX_CHUNK_BYTES];
    private final long[] preparedSequences = new long[MAX_PREPARED];
    /** Where each prepared first chunk ends in {@link #prepared} (and the next begins). */
    private final int[] preparedEnds = new int[MAX_PREPARED];
    private int preparedCount;
    /** The prepared sequence the next reset may take. */
    private int preparedNext;
    /** The numbers being drawn: {@link #chunk}, or {@link #prepared} from a prepared reset to its chunk's end. */
    private byte[] buffer = chunk;
    /** The next number's byte offset in the buffer; {@link #limit} when the chunk is used up. */
    private int position;
    private int limit;
    private int nextChunk;

    public AesRowRandom(long seed, RandomStream stream) {
        this(seed, stream.id);
    }

    /** A generator of an explicit stream id. */
    public AesRowRandom(long seed, long streamId) {
        this(seed, streamId, Keystream.Kind.FASTEST);
    }

    /** A generator that makes its keystream the given way (tests compare them; the numbers are the same). */
    AesRowRandom(long seed, long streamId, Keystream.Kind kind) {
        byte[] key = new byte[16];
        putLong(key, 0, seed);
        putLong(key, 8, streamId);
        this.keystream = Keystream.of(kind, new SecretKeySpec(key, "AES"));
        reset(0, 0);
    }

    /** Positions this generator at the first number of {@code key}'s sequence (sub-key 0). */
    public AesRowRandom reset(long key) {
        return reset(key, 0);
    }

    /** Positions this generator at the first number of the sequence of {@code (key, subKey)}. */
    public AesRowRandom reset(long key, long subKey) {
        return reset(key, subKey, DEFAULT_FIRST_BYTES / 8);
    }

    /**
     * Positions this generator at the first number of the sequence of {@code (key, subKey)}, making about
     * {@code expected} numbers (and a margin) in the first chunk: a hint for speed, not a limit.
     *
     * @throws IllegalArgumentException if the key or the sub-key is outside {@code [0, 2^32)}
     */
    public AesRowRandom reset(long key, long subKey, int expected) {
        long sequence = sequence(key, subKey);
        dropHalf();
        if (preparedNext < preparedCount && preparedSequences[preparedNext] == sequence) {
            // Its first chunk was made ahead: draw from it, and continue the sequence after it.
            int start = preparedNext == 0 ? 0 : preparedEnds[preparedNext - 1];
            int end = preparedEnds[preparedNext++];
            keystream.start(sequence, (end - start) / 16);
            buffer = prepared;
            position = start;
            limit = end;
            nextChunk = Math.min(MAX_CHUNK_BYTES, 2 * (end - start));
            return this;
        }
        keystream.start(sequence, 0);
        nextChunk = firstChunkBytes(expected);
        position = 0;
        limit = 0;
        return this;
    }

    /**
     * Makes ahead, in one call of the cipher, the first chunks of the sequences {@code (keys[i], subKey)} for
     * {@code i < n}, each the size {@link #reset(long, long, int)} would make for {@code expected[i]}: the next
     * resets to those sequences, in that order, draw from them. One call a row cost about 80 ns more than the row's
     * blocks in rows of 100 synapses (N = 10^7). Only speed depends on it: a reset to any other sequence, or a
     * prepared one out of order, makes its chunk itself. Prepares a prefix of at most {@value #MAX_PREPARED}
     * sequences that fit 64 kB; returns its length.
     */
    public int prepare(long[] keys, long subKey, int[] expected, int n) {
        int count = 0;
        int bytes = 0;
        while (count < Math.min(n, MAX_PREPARED)) {
            int chunkBytes = firstChunkBytes(expected[count]);
            if (bytes + chunkBytes > MAX_CHUNK_BYTES) {
                break;
            }
            preparedSequences[count] = sequence(keys[count], subKey);
            bytes += chunkBytes;
            preparedEnds[count] = bytes;
            count++;
        }
        preparedNext = 0;
        preparedCount = count;
        if (count == 0) {
            return 0;
        }
        if (buffer == prepared) {
            // The rest of the current sequence's chunk moves aside, at the same offsets, before it is overwritten.
            System.arraycopy(prepared, position, chunk, position, limit - position);
            buffer = chunk;
        }
        keystream.firstBlocks(preparedSequences, preparedEnds, count, prepared);
        return count;
    }

    private static long sequence(long key, long subKey) {
        if (key < 0 || key > MAX_KEY || subKey < 0 || subKey > MAX_KEY) {
            throw new IllegalArgumentException("AES row stream keys are 32 bits: key " + key + ", sub-key "
                    + subKey + " is outside [0, 2^32)");
        }
        return key << 32 | subKey;
    }

    /**
     * The first chunk after a reset: the expected numbers and a margin of 1/16 for the Gaussian's and the sampler's
     * few extra draws, in whole AES-NI groups.
     */
    private static int firstChunkBytes(int expected) {
        long bytes = ((long) Math.max(expected, 0) + (expected >>> 4) + 2) * 8;
        return (int) Math.min(MAX_CHUNK_BYTES, (bytes + GROUP_BYTES - 1) / GROUP_BYTES * GROUP_BYTES);
    }

    @Override
    public long nextLong() {
        long x = peekLong();
        position += 8;
        return x;
    }

    @Override
    public double nextGaussian() {
        long x = peekLong();
        int layer = (int) x & 0xFF;
        if (layer < ZigguratLayers.FAST) {
            position += 8;
            return ZigguratLayers.X[layer] * x;
        }
        return gaussians.sample(); // takes x again, then more numbers
    }

    /**
     * The loop of {@link #nextGaussian()} written out, with the position in a local: its fast path calls nothing,
     * so its speed never hangs on what C2 chose to inline (see {@link RowRandom}).
     */
    @Override
    public void fillNormal(double[] out, int from, int to, double mean, double std) {
        byte[] keystreamBytes = buffer;
        double[] scales = ZigguratLayers.X;
        int p = position;
        int i = from;
        while (i < to) {
            // Two values a step while both are fast and in the chunk: one a step ran at 5.5-7.5 ns a value on this
            // VM, bound by the latency of its chain, two at 3.5-4.2. Any other value takes the one-value step below.
            int pairsEnd = i + 2 * Math.min((to - i) >>> 1, (limit - p) >>> 4);
            while (i < pairsEnd) {
                long x = (long) LONGS.get(keystreamBytes, p);
                long y = (long) LONGS.get(keystreamBytes, p + 8);
                int layerX = (int) x & 0xFF;
                int layerY = (int) y & 0xFF;
                if ((layerX < ZigguratLayers.FAST) & (layerY < ZigguratLayers.FAST)) {
                    p += 16;
                    out[i] = mean + std * (scales[layerX] * x);
                    out[i + 1] = mean + std * (scales[layerY] * y);
                    i += 2;
                } else {
                    break;
                }
            }
            if (i == to) {
                break;
            }
            if (p == limit) {
                refill();
                p = 0;
                keystreamBytes = buffer;
            }
            long x = (long) LONGS.get(keystreamBytes, p);
            int layer = (int) x & 0xFF;
            double gaussian;
            if (layer < ZigguratLayers.FAST) {
                p += 8;
                gaussian = scales[layer] * x;
            } else {
                position = p;
                gaussian = gaussians.sample(); // takes x again, then more numbers
                p = position;
                keystreamBytes = buffer;
            }
            out[i++] = mean + std * gaussian;
        }
        position = p;
    }

    /**
     * The loop of {@link #nextIntBelow} written out: each 64-bit number gives two values, its high half then its low
     * half, when neither needs Lemire's rejection check (all but about {@code 2 bound / 2^32} of them); any other
     * value, and a pending half, go through {@link #nextIntBelow}, so the numbers taken are that loop's. The position
     * lives in a local between those, as in {@link #fillNormal}.
     */
    @Override
    public void fillBelow(int[] out, int from, int to, long bound) {
        int i = from;
        while (i < to && hasHalf()) {
            out[i++] = nextIntBelow(bound);
        }
        byte[] keystreamBytes = buffer;
        int p = position;
        while (i < to - 1) {
            // Two numbers (four values) a step while none needs the check and both are in the chunk.
            int quadsEnd = i + 4 * Math.min((to - i) >>> 2, (limit - p) >>> 4);
            while (i < quadsEnd) {
                long x = (long) LONGS.get(keystreamBytes, p);
                long y = (long) LONGS.get(keystreamBytes, p + 8);
                long xHigh = (x >>> 32) * bound;
                long xLow = (x & 0xFFFFFFFFL) * bound;
                long yHigh = (y >>> 32) * bound;
                long yLow = (y & 0xFFFFFFFFL) * bound;
                if (((xHigh & 0xFFFFFFFFL) < bound) | ((xLow & 0xFFFFFFFFL) < bound)
                        | ((yHigh & 0xFFFFFFFFL) < bound) | ((yLow & 0xFFFFFFFFL) < bound)) {
                    break;
                }
                p += 16;
                out[i] = (int) (xHigh >>> 32);
                out[i + 1] = (int) (xLow >>> 32);
                out[i + 2] = (int) (yHigh >>> 32);
                out[i + 3] = (int) (yLow >>> 32);
                i += 4;
            }
            if (i >= to - 1) {
                break;
            }
            if (p == limit) {
                refill();
                p = 0;
                keystreamBytes = buffer;
            }
            long x = (long) LONGS.get(keystreamBytes, p);
            long high = (x >>> 32) * bound;
            long low = (x & 0xFFFFFFFFL) * bound;
            if ((high & 0xFFFFFFFFL) < bound || (low & 0xFFFFFFFFL) < bound) {
                // The rare value that needs the rejection check: one by one until no half is pending.
                position = p;
                out[i++] = nextIntBelow(bound); // takes x's high half
                while (i < to && hasHalf()) {
                    out[i++] = nextIntBelow(bound);
                }
                p = position;
                keystreamBytes = buffer;
                continue;
            }
            p += 8;
            out[i] = (int) (high >>> 32);
            out[i + 1] = (int) (low >>> 32);
            i += 2;
        }
        position = p;
        if (i < to) {
            out[i] = nextIntBelow(bound);
        }
    }

    /** The next number, not taken: a refill, if one is due, leaves the position at it. */
    private long peekLong() {
        if (position == limit) {
            refill();
            position = 0;
        }
        return (long) LONGS.get(buffer, position);
    }

    /** The next chunk of the keystream: the blocks that follow the last block made. */
    private void refill() {
        int bytes = nextChunk;
        keystream.next(chunk, bytes);
        buffer = chunk;
        limit = bytes;
        nextChunk = Math.min(MAX_CHUNK_BYTES, bytes * 2);
    }

    /** Writes {@code value} big-endian at {@code bytes[offset .. offset + 7]}. */
    static void putLong(byte[] bytes, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
