package org.connectome.kernel;

import java.util.Arrays;
import org.connectome.random.RowRandom;

/**
 * Draws {@code k} distinct integers uniformly from {@code [0, width)} (every k-subset equally likely), in
 * ascending order, in O(k) expected time.
 *
 * <p>Both methods keep the first k distinct values of an i.i.d. uniform sequence, which is a uniform k-subset
 * by symmetry. Sparse draws ({@code k < width / 256} by default, or {@code k < width / 4096} when the bitmap fits
 * 512 kB) are bucket-sorted on their high bits and deduplicated, with redraws for the few duplicates; denser draws
 * mark a bitmap (with a summary of its non-zero words) and read it back in order, marking the {@code width - k}
 * values left out instead when those are fewer. Buffers grow to the largest row seen and
 * are reused: one instance per task, not thread-safe.
 */
public final class DistinctSampler {
    /** Below one value chosen in this many, the bitmap would be mostly scanned for nothing. */
    static final int DEFAULT_BITMAP_DENSITY = 256;
    /**
     * Down to one value chosen in this many, the bitmap still wins when it fits the L2 cache
     * ({@link #SUMMARY_BITMAP_WIDTH}): its summary makes the read O(k + width / 4096), and marking beats sorting.
     */
    static final int SUMMARY_BITMAP_DENSITY = 4096;
    /** Widest bitmap used below {@link #DEFAULT_BITMAP_DENSITY}: 2^22 bits, 512 kB. */
    static final long SUMMARY_BITMAP_WIDTH = 1L << 22;
    /**
     * Above this many bitmap words a marked value, the read visits the marked words through the summary; at or below,
     * it reads every word without a branch a value (marking then skips the summary too). At one value in 100 (words
     * 1.6 a value) reading every word took 9.2 ns a value against 12.3 through the summary, at one in 200 (3.1) 11.4
     * against 9.4, marks and read together.
     */
    static final int SUMMARY_WORDS_PER_MARK = 2;
    /** The bitmap's draws are made this many at most at a time (16 kB of scratch). */
    private static final int DRAW_BATCH = 4096;

    private final int bitmapDensity;
    private final int summaryBitmapDensity;
    private int[] scratch = new int[0];
    private int[] bucketStarts = new int[0];
    private long[] bitmap = new long[0];
    private long[] summary = new long[0];

    public DistinctSampler() {
        this.bitmapDensity = DEFAULT_BITMAP_DENSITY;
        this.summaryBitmapDensity = SUMMARY_BITMAP_DENSITY;
    }

    /**
     * Tests choose the method: sparse (bucket sort) iff {@code k * bitmapDensity < width}, so 0 always sorts
     * buckets and Integer.MAX_VALUE always marks a bitmap (1 sorts buckets unless {@code k == width}).
     */
    DistinctSampler(int bitmapDensity) {
        this.bitmapDensity = bitmapDensity;
        this.summaryBitmapDensity = bitmapDensity;
    }

    /**
     * Fills {@code out[0 .. k-1]} with k distinct values of {@code [0, width)}, ascending.
     *
     * @param width the number of values to choose from, at most 2^31 - 1
     */
    public void sample(RowRandom random, long width, int k, int[] out) {
        if (k < 0 || k > width || width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot draw " + k + " distinct values of [0, " + width + ")");
        }
        if (k == 0) {
            return;
        }
        // Both methods give the same values for the same stream when k <= width / 2 (the first k distinct ones),
        // and the choice depends on (k, width) alone, so rows never depend on which one ran.
        boolean bitmapFits = (long) k * bitmapDensity >= width
                || (width <= SUMMARY_BITMAP_WIDTH && (long) k * summaryBitmapDensity >= width);
        if (!bitmapFits) {
            sampleSparse(random, (int) width, k, out);
        } else {
            sampleDense(random, width, k, out);
        }
    }

    /**
     * Fills {@code out[0 .. k-1]} with k independent uniform values of {@code [0, width)}, ascending (draws with
     * replacement: the pres of a row with multapses), sorted in O(k) by the same bucket sort.
     */
    public void sampleWithReplacement(RowRandom random, long width, int k, int[] out) {
        if (k < 0 || width < 1 || width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot draw " + k + " values of [0, " + width + ")");
        }
        if (k == 0) {
            return;
        }
        random.fillBelow(out, 0, k, width);
        bucketSort(out, k, (int) width);
    }

    private void sampleSparse(RowRandom random, int width, int k, int[] out) {
        random.fillBelow(out, 0, k, width);
        bucketSort(out, k, width);
        int distinct = dropDuplicates(out, k);
        while (distinct < k) {
            // Draw the missing values, sort them, merge them in from the back, and drop duplicates again.
            int missing = k - distinct;
            int[] extra = scratchOf(missing);
            random.fillBelow(extra, 0, missing, width);
            Arrays.sort(extra, 0, missing);
            int i = distinct - 1;
            int j = missing - 1;
            for (int w = k - 1; j >= 0; w--) {
                out[w] = (i >= 0 && out[i] > extra[j]) ? out[i--] : extra[j--];
            }
            distinct = dropDuplicates(out, k);
        }
    }

    /**
     * One pass of counting sort on the high bits (at least k buckets), then a pass that puts each value in place: a
     * value is at most its (about one-element) bucket's length from its place, so the two largest values not yet
     * placed are kept aside (branch-free min and max) and the smallest of them and the next value is placed. A value
     * three or more places from its own shows as a fall in the placed values; a block of 64 with a fall is mended by
     * insertion (rare: the result is sorted whatever the input). A plain insertion sort here took over half the sort's
     * time, mostly in mispredicted branches; a compare-exchange with the last value placed and about k / 2 buckets,
     * 4.1 ns a value at rows of 100 among 10^7, against 3.1-3.2 (a harness, alternating both).
     */
    private void bucketSort(int[] values, int k, int width) {
        int bucketBits = 32 - Integer.numberOfLeadingZeros(k - 1 | 1);
        int valueBits = 32 - Integer.numberOfLeadingZeros(width - 1 | 1);
        int shift = Math.max(0, valueBits - bucketBits);
        if (shift > 0 && ((width - 1) >>> shift) + 1 < k) {
            shift--;
        }
        int buckets = ((width - 1) >>> shift) + 1;
        if (bucketStarts.length < buckets) {
            bucketStarts = new int[buckets];
        } else {
            Arrays.fill(bucketStarts, 0, buckets, 0);
        }
        int[] sorted = scratchOf(k);
        int[] starts = bucketStarts;
        for (int i = 0; i < k; i++) {
            starts[values[i] >>> shift]++;
        }
        int sum = 0;
        for (int b = 0; b < buckets; b++) {
            int count = starts[b];
            starts[b] = sum;
            sum += count;
        }
        for (int i = 0; i < k; i++) {
            int value = values[i];
            sorted[starts[value >>> shift]++] = value;
        }
        if (k < 3) {
            values[0] = Math.min(sorted[0], sorted[k - 1]);
            values[k - 1] = Math.max(sorted[0], sorted[k - 1]);
            return;
        }
        // low <= high: the two largest values not yet placed. Values are >= 0, so placed - last never overflows.
        int low = Math.min(sorted[0], sorted[1]);
        int high = Math.max(sorted[0], sorted[1]);
        int last = -1;
        for (int blockStart = 2; blockStart < k; blockStart += 64) {
            int blockEnd = Math.min(k, blockStart + 64);
            int falls = 0;
            for (int i = blockStart; i < blockEnd; i++) {
                int value = sorted[i];
                int placed = Math.min(low, value);
                low = Math.max(low, Math.min(value, high));
                high = Math.max(high, value);
                values[i - 2] = placed;
                falls |= placed - last;
                last = placed;
            }
            if (falls < 0) {
                insertFrom(values, blockStart - 2, blockEnd - 2);
                last = values[blockEnd - 3];
            }
        }
        // Every value placed was at most low then, and low never falls: the two go last.
        values[k - 2] = low;
        values[k - 1] = high;
    }

    /** Inserts {@code values[from .. to-1]} one by one into the sorted {@code values[0 .. from-1]}. */
    private static void insertFrom(int[] values, int from, int to) {
        for (int i = Math.max(1, from); i < to; i++) {
            int value = values[i];
            if (value < values[i - 1]) {
                int j = i - 1;
                do {
                    values[j + 1] = values[j];
                    j--;
                } while (j >= 0 && values[j] > value);
                values[j + 1] = value;
            }
        }
    }

    /**
     * Removes repeats from the sorted prefix of length k; returns the number of distinct values kept. Each value is
     * stored where the next distinct one goes and kept only if it differs from the last (a register, not the array):
     * comparing with the value just stored made every step wait for that store (about 5 cycles a value).
     */
    private static int dropDuplicates(int[] values, int k) {
        int distinct = 1;
        int last = values[0];
        for (int i = 1; i < k; i++) {
            int value = values[i];
            values[distinct] = value;
            distinct += value != last ? 1 : 0;
            last = value;
        }
        return distinct;
    }

    /**
     * Marks the first {@code k} distinct values (or the first {@code width - k}, to leave out, when more than half
     * are chosen) in a bitmap, and reads them back in order. Where most words stay empty (more than
     * {@link #SUMMARY_WORDS_PER_MARK} words a value), a summary bitmap (one bit per bitmap word) lets the read visit
     * only the words that were marked, and both are cleared as they are read, so a sparse row costs
     * O(k + width / 4096), not O(width / 64). Denser rows read every word, branch-free.
     */
    private void sampleDense(RowRandom random, long width, int k, int[] out) {
        // Marking the complement is cheaper when more than half the values are chosen.
        boolean markChosen = k <= width - k;
        long marks = markChosen ? k : width - k;
        int words = (int) ((width + 63) >>> 6);
        int summaryWords = (words + 63) >>> 6;
        if (bitmap.length < words) {
            bitmap = new long[words];
        }
        if (summary.length < summaryWords) {
            summary = new long[summaryWords];
        }
        // Invariant: both are all zeros between calls (the summary is only marked when it is read).
        long[] bits = bitmap;
        long[] marked = summary;
        boolean summarized = markChosen && words > SUMMARY_WORDS_PER_MARK * marks;
        // Values are drawn in batches of at most the marks still missing, so exactly the draws of a one-by-one loop.
        int[] drawn = scratchOf((int) Math.min(marks, DRAW_BATCH));
        for (long count = 0; count < marks; ) {
            int batch = (int) Math.min(marks - count, DRAW_BATCH);
            random.fillBelow(drawn, 0, batch, width);
            if (summarized) {
                for (int i = 0; i < batch; i++) {
                    int value = drawn[i];
                    int word = value >>> 6;
                    long old = bits[word];
                    long updated = old | (1L << value);
                    if (updated != old) {
                        bits[word] = updated;
                        marked[word >>> 6] |= 1L << word;
                        count++;
                    }
                }
            } else {
                for (int i = 0; i < batch; i++) {
                    int value = drawn[i];
                    int word = value >>> 6;
                    long old = bits[word];
                    long updated = old | (1L << value);
                    bits[word] = updated;
                    count += updated != old ? 1 : 0;
                }
            }
        }
        if (markChosen && !summarized) {
            readEveryWord(bits, words, (int) marks, out);
            return;
        }
        if (markChosen) {
            int n = 0;
            for (int s = 0; s < summaryWords; s++) {
                long nonzero = marked[s];
                if (nonzero == 0) {
                    continue;
                }
                marked[s] = 0;
                do {
                    int word = (s << 6) + Long.numberOfTrailingZeros(nonzero);
                    nonzero &= nonzero - 1;
                    long chosen = bits[word];
                    bits[word] = 0;
                    int base = word << 6;
                    do {
                        out[n++] = base + Long.numberOfTrailingZeros(chosen);
                        chosen &= chosen - 1;
                    } while (chosen != 0);
                } while (nonzero != 0);
            }
            return;
        }
        int n = 0;
        long tailMask = (width & 63) == 0 ? -1L : (1L << width) - 1;
        for (int word = 0; word < words; word++) {
            long chosen = ~bits[word];
            bits[word] = 0;
            if (word == words - 1) {
                chosen &= tailMask;
            }
            while (chosen != 0) {
                out[n++] = (word << 6) + Long.numberOfTrailingZeros(chosen);
                chosen &= chosen - 1;
            }
        }
    }

    /**
     * Reads the {@code k} marked values of {@code bits[0 .. words-1]} in order into {@code out}, clearing the words.
     * Each word's first two values are written unconditionally and {@code n} moves by the word's bit count, so a
     * word of 0, 1 or 2 values (nearly all of them at these densities) costs no branch; the unused writes land on
     * slots that later values overwrite. Two words a step while their values leave two slots free before {@code k}
     * (one word a step waited on its own chain: the sampler took about 12 ns a value at one in 100, against 10), then
     * one word a step up to one value short of {@code k}, then a plain loop.
     */
    private static void readEveryWord(long[] bits, int words, int k, int[] out) {
        int n = 0;
        int word = 0;
        for (; word < words - 1; word += 2) {
            long chosen = bits[word];
            long next = bits[word + 1];
            int count = Long.bitCount(chosen);
            int nextCount = Long.bitCount(next);
            if (n + count + nextCount > k - 2) {
                break; // the last values: one word at a time, below
            }
            bits[word] = 0;
            bits[word + 1] = 0;
            int base = word << 6;
            writeFirstTwo(chosen, base, out, n);
            if (count > 2) {
                writeFromThird(chosen, base, out, n + 2);
            }
            n += count;
            writeFirstTwo(next, base + 64, out, n);
            if (nextCount > 2) {
                writeFromThird(next, base + 64, out, n + 2);
            }
            n += nextCount;
        }
        for (; word < words && n < k - 1; word++) {
            long chosen = bits[word];
            bits[word] = 0;
            int base = word << 6;
            writeFirstTwo(chosen, base, out, n);
            int count = Long.bitCount(chosen);
            if (count > 2) {
                writeFromThird(chosen, base, out, n + 2);
            }
            n += count;
        }
        for (; word < words; word++) {
            long chosen = bits[word];
            bits[word] = 0;
            while (chosen != 0) {
                out[n++] = (word << 6) + Long.numberOfTrailingZeros(chosen);
                chosen &= chosen - 1;
            }
        }
    }

    /**
     * A word's lowest two values into {@code out[at]} and the next; a missing one reads {@code base + 64}, in a slot
     * that a later value overwrites.
     */
    private static void writeFirstTwo(long chosen, int base, int[] out, int at) {
        out[at] = base + Long.numberOfTrailingZeros(chosen);
        out[at + 1] = base + Long.numberOfTrailingZeros(chosen & (chosen - 1));
    }

    /** A word's values from its third on into {@code out[at ..]}: the rare word of three values or more. */
    private static void writeFromThird(long chosen, int base, int[] out, int at) {
        long rest = chosen & (chosen - 1);
        rest &= rest - 1;
        do {
            out[at++] = base + Long.numberOfTrailingZeros(rest);
            rest &= rest - 1;
        } while (rest != 0);
    }

    private int[] scratchOf(int size) {
        if (scratch.length < size) {
            scratch = new int[Math.max(size, scratch.length * 2)];
        }
        return scratch;
    }
}
