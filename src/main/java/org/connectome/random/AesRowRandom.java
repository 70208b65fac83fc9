package org.connectome.random;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.NoSuchProviderException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The counter-based generator of the bulk streams (SPEC 3, format version 3): AES-128 in counter mode, one of the
 * Crush-resistant counter-based generators of Salmon et al. (SC 2011; "AES" beside ARS in Random123), keyed by
 * {@code (seed, stream)} with the item in the counter. The JDK's {@code AES/CTR/NoPadding} runs on AES-NI,
 * several blocks pipelined, at about 1.4 ns a number here against Philox4x64-10's 9; a row pays one
 * {@code Cipher.init} (its counter), so this serves streams of many draws a key: a post's pres, weights and delays.
 * Streams of few draws a key (tree nodes, cells, rows under {@link RowStream#AES_MIN_SYNAPSES} synapses) keep
 * {@link KeyedRandom}, whose reset is free.
 *
 * <p>Definition: AES key = {@code seed} then {@code stream id}, 8 bytes each, big-endian. The counter block of
 * block {@code j} of {@code (key, subKey)} is {@code key} (4 bytes), {@code subKey} (4 bytes), {@code j} (8 bytes),
 * big-endian, from {@code j = 0}; number {@code i} is bytes {@code 8i .. 8i+7} of the keystream
 * {@code AES(block 0) || AES(block 1) || ...} read little-endian (so block j holds numbers 2j and 2j + 1). Keys
 * and sub-keys are 32 bits ({@code [0, 2^32)}): the sequences of distinct {@code (key, subKey)} are 2^64 blocks
 * apart and cannot overlap. AesRowRandomTest checks this number for number against AES/ECB on the explicit blocks.
 *
 * <p>The keystream is made in chunks by {@code Cipher.update} over zeros, which continues the counter: the first
 * chunk after a reset is sized to the draws the caller expects ({@link #reset(long, long, int)}), later ones double
 * up to 64 kB, so a short row neither pays for 64 kB nor makes many small calls. The chunking does not change the
 * numbers. Not thread-safe: one instance per task.
 */
public final class AesRowRandom extends HalvingRandom {
    /** Numbers made by one AES-NI pipeline of 8 blocks; chunks are whole multiples of it. */
    private static final int GROUP_BYTES = 8 * 16;
    private static final int MAX_CHUNK_BYTES = 1 << 16;
    /** The first chunk of a reset without a hint: 4 groups, 64 numbers. */
    private static final int DEFAULT_FIRST_BYTES = 4 * GROUP_BYTES;
    /** Read only: CTR encrypts these into the keystream itself. */
    private static final byte[] ZEROS = new byte[MAX_CHUNK_BYTES];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long MAX_KEY = 0xFFFF_FFFFL;
    private static final String TRANSFORMATION = "AES/CTR/NoPadding";

    private final Cipher cipher;
    private final SecretKeySpec aesKey;
    private final byte[] counter = new byte[16];
    private final byte[] buffer = new byte[MAX_CHUNK_BYTES];
    /** The next number's byte offset in the buffer; {@link #limit} when the chunk is used up. */
    private int position;
    private int limit;
    private int nextChunk;

    public AesRowRandom(long seed, RandomStream stream) {
        this(seed, stream.id);
    }

    /** A generator of an explicit stream id. */
    public AesRowRandom(long seed, long streamId) {
        byte[] key = new byte[16];
        putLong(key, 0, seed);
        putLong(key, 8, streamId);
        this.aesKey = new SecretKeySpec(key, "AES");
        this.cipher = counterMode();
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
        if (key < 0 || key > MAX_KEY || subKey < 0 || subKey > MAX_KEY) {
            throw new IllegalArgumentException("AES row stream keys are 32 bits: key " + key + ", sub-key "
                    + subKey + " is outside [0, 2^32)");
        }
        counter[0] = (byte) (key >>> 24);
        counter[1] = (byte) (key >>> 16);
        counter[2] = (byte) (key >>> 8);
        counter[3] = (byte) key;
        counter[4] = (byte) (subKey >>> 24);
        counter[5] = (byte) (subKey >>> 16);
        counter[6] = (byte) (subKey >>> 8);
        counter[7] = (byte) subKey;
        // Bytes 8-15, the block index, stay 0.
        try {
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(counter));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR refused a 16-byte key and counter", e);
        }
        // A margin of 1/16 covers the Gaussian's and the sampler's few extra draws.
        long bytes = ((long) Math.max(expected, 0) + (expected >>> 4) + 2) * 8;
        nextChunk = (int) Math.min(MAX_CHUNK_BYTES, (bytes + GROUP_BYTES - 1) / GROUP_BYTES * GROUP_BYTES);
        position = 0;
        limit = 0;
        dropHalf();
        return this;
    }

    @Override
    public long nextLong() {
        int p = position;
        if (p == limit) {
            refill();
            p = 0;
        }
        position = p + 8;
        return (long) LONGS.get(buffer, p);
    }

    /** The next chunk of the keystream: the counter continues from the last block made. */
    private void refill() {
        int bytes = nextChunk;
        try {
            cipher.update(ZEROS, 0, bytes, buffer, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR keystream", e);
        }
        limit = bytes;
        nextChunk = Math.min(MAX_CHUNK_BYTES, bytes * 2);
    }

    /**
     * The JDK's own provider first: its AES classes are the ones with AES-NI intrinsics (a provider installed
     * ahead of it would be plain Java). Any other AES/CTR gives the same numbers, only slower.
     */
    private static Cipher counterMode() {
        try {
            try {
                return Cipher.getInstance(TRANSFORMATION, "SunJCE");
            } catch (NoSuchProviderException e) {
                return Cipher.getInstance(TRANSFORMATION);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + TRANSFORMATION + " cipher", e);
        }
    }

    private static void putLong(byte[] bytes, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
