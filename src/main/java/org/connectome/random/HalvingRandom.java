package org.connectome.random;

/**
 * The 32- and 53-bit draws of the counter-based generators, from their 64-bit numbers: {@link #nextInt()} gives
 * the two halves of one {@link #nextLong()}, high half first, so that the bounded integers of pre sampling cost
 * half a number each. Part of the streams' definition (format version 3): both generators draw them so.
 */
abstract class HalvingRandom implements RowRandom {
    private int half;
    private boolean hasHalf;

    /** Whether {@link #nextInt()} will give the low half of the last number rather than draw one. */
    final boolean hasHalf() {
        return hasHalf;
    }

    /** Forgets a pending low half: a reset starts a sequence at its first number. */
    final void dropHalf() {
        hasHalf = false;
    }

    @Override
    public final int nextInt() {
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
    public final double nextDouble() {
        // 53 random bits: uniform on [0, 1) with spacing 2^-53.
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
