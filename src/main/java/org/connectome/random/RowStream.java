package org.connectome.random;

/**
 * One bulk stream of the kernels (a post's pres, weights or delays), drawn for each row from the generator that is
 * faster for its length: AES-128-CTR ({@link AesRowRandom}) for rows of at least {@value #AES_MIN_SYNAPSES}
 * synapses, where numbers at 1.2-1.5 ns repay a reset that may cost a {@code Cipher.init} (130-190 ns), and
 * Philox4x64-10 ({@link KeyedRandom}: free to reset, 9 ns a number) for shorter rows, such as fixed_outdegree's
 * rows of a few synapses, which AES made 30% slower. Both are keyed by the same (seed, stream) and (key, sub-key).
 * The choice depends on the row's synapse count alone, so it is part of the rows' definition (format version 3) and
 * never on where a row is computed. Not thread-safe: one instance per task.
 */
public final class RowStream {
    /** Rows of this many synapses or more draw from AES. */
    public static final int AES_MIN_SYNAPSES = 64;
    /** 64-bit numbers a synapse's pre takes: one 32-bit draw (a few more for the sampler's rare redraws). */
    public static final double NUMBERS_PER_PRE = 0.5;
    /** 64-bit numbers a drawn weight or delay takes: about one (a Gaussian's rare Ziggurat tail takes more). */
    public static final double NUMBERS_PER_VALUE = 1;

    private final double numbersPerSynapse;
    private final AesRowRandom aes;
    private final KeyedRandom philox;
    private RowRandom random;
    private final long[] aesKeys = new long[AesRowRandom.MAX_PREPARED];
    private final int[] aesExpected = new int[AesRowRandom.MAX_PREPARED];

    /**
     * @param numbersPerSynapse about how many 64-bit numbers a synapse takes ({@link #NUMBERS_PER_PRE},
     *     {@link #NUMBERS_PER_VALUE}): the first AES chunk's size, a hint for speed that never changes the numbers
     */
    public RowStream(long seed, RandomStream stream, double numbersPerSynapse) {
        this.numbersPerSynapse = numbersPerSynapse;
        this.aes = new AesRowRandom(seed, stream);
        this.philox = new KeyedRandom(seed, stream);
        this.random = philox;
    }

    /** Positions the stream at the first number of {@code (key, subKey)} for a row of {@code synapses}. */
    public RowRandom reset(long key, long subKey, int synapses) {
        if (synapses >= AES_MIN_SYNAPSES) {
            random = aes.reset(key, subKey, expectedNumbers(synapses));
        } else {
            random = philox.reset(key, subKey);
        }
        return random;
    }

    /**
     * Announces the rows {@code keys[0 .. n-1]} (sub-key {@code subKey}) of {@code synapses[i]} synapses that the
     * next resets will take, in that order, so that AES makes their first chunks in one call
     * ({@link AesRowRandom#prepare}; at most {@value AesRowRandom#MAX_PREPARED} of its rows). A hint for speed: it
     * never changes a number.
     */
    public void prepare(long[] keys, long subKey, int[] synapses, int n) {
        int aesRows = 0;
        for (int i = 0; i < n && aesRows < AesRowRandom.MAX_PREPARED; i++) {
            if (synapses[i] >= AES_MIN_SYNAPSES) {
                aesKeys[aesRows] = keys[i];
                aesExpected[aesRows] = expectedNumbers(synapses[i]);
                aesRows++;
            }
        }
        aes.prepare(aesKeys, subKey, aesExpected, aesRows);
    }

    private int expectedNumbers(int synapses) {
        return (int) Math.min(Integer.MAX_VALUE, (long) (synapses * numbersPerSynapse));
    }

    /** The generator of the row last reset. */
    public RowRandom random() {
        return random;
    }
}
