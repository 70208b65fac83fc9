package org.connectome.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoder writes exactly parquet-java's DELTA_BINARY_PACKED bytes (the writer that {@link SliceWriter} used
 * before, as DefaultV2ValuesWriterFactory makes it): page by page, with the same buffered size after every batch (so
 * pages are cut at the same values), through its array and its one-value entry points, for several pages per writer
 * (the padding of a page's last block comes from the buffers' earlier contents).
 */
class DeltaBinaryPackedEncoderTest {
    private static final int[] LENGTHS = {0, 1, 2, 3, 31, 32, 33, 34, 127, 128, 129, 130, 160, 161, 255, 256, 257, 258,
            1000, 4097, 20_000};

    static Stream<Arguments> inputs() {
        SplittableRandom random = new SplittableRandom(9);
        Stream.Builder<Arguments> inputs = Stream.builder();
        for (int length : LENGTHS) {
            inputs.add(Arguments.of("random 32-bit", length, values(length, i -> random.nextInt())));
            int[] extremes = values(length, i -> (i & 1) == 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE);
            inputs.add(Arguments.of("alternating extremes", length, extremes));
            inputs.add(Arguments.of("constant", length, values(length, i -> 7)));
            inputs.add(Arguments.of("sorted, gaps of mean 1000", length, ascending(random, length, 2000)));
            inputs.add(Arguments.of("sorted, gaps of mean 10", length, ascending(random, length, 20)));
            inputs.add(Arguments.of("posts: runs of random length", length, runs(random, length)));
            inputs.add(Arguments.of("descending", length, values(length, i -> 1_000_000 - 3 * i)));
            inputs.add(Arguments.of("small noise", length, values(length, i -> random.nextInt(5) - 2)));
            // Miniblocks of whole-byte widths (8, 16, 24, 32 bits: their own packer), next to other widths, so that
            // a page's last miniblock is padded with wider deltas of an earlier block.
            inputs.add(Arguments.of("segments of widths 8, 16, 24, 32 and 13", length,
                    values(length, i -> random.nextInt() >>> new int[] {25, 17, 9, 1, 20}[(i / 150) % 5])));
            inputs.add(Arguments.of("pres of rows of 100 among 10^7 (24 bits)", length, rowsOfPres(random, length)));
        }
        return inputs.build();
    }

    @ParameterizedTest(name = "{0}, {1} values")
    @MethodSource("inputs")
    void writesParquetJavasBytes(String name, int length, int[] values) throws IOException {
        // One page of it all, then several writers' worth of pages cut at random, batches of random sizes.
        assertSameEncoding(values, new SplittableRandom(length), Integer.MAX_VALUE);
        for (long seed = 1; seed <= 5; seed++) {
            assertSameEncoding(values, new SplittableRandom(seed * 31 + length), 1 + (int) (seed * seed * 97));
        }
        if (nondecreasing(values)) {
            assertSameEncoding(values, new SplittableRandom(length), Integer.MAX_VALUE, true);
            for (long seed = 1; seed <= 5; seed++) {
                assertSameEncoding(values, new SplittableRandom(seed * 37 + length), 1 + (int) (seed * seed * 97),
                        true);
            }
        }
    }

    /**
     * A sorted column's blocks of one repeated value ({@link DeltaBinaryPackedEncoder#writeAscending}) next to blocks
     * that pack wide deltas, with pages cut so that a page's last, partial block pads with what such a block left.
     */
    @Test
    void writesParquetJavasBytesForRunsOfOneValue() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        int[] values = new int[60_000];
        int value = 0;
        for (int i = 0; i < values.length; ) {
            int run = random.nextBoolean() ? 1 + random.nextInt(5) : 128 + random.nextInt(600);
            value += random.nextInt(4) == 0 ? random.nextInt(1 << 20) : 1;
            for (int j = 0; j < run && i < values.length; j++) {
                values[i++] = value;
            }
        }
        assertSameEncoding(values, null, 1 << 20, true);
        for (long seed = 1; seed <= 20; seed++) {
            assertSameEncoding(values, new SplittableRandom(seed), 1 + (int) (seed * 61), true);
        }
    }

    /** The rows the slice writer sees: a post column and a pre column, 8192-row batches, 1 MB pages. */
    @Test
    void writesTheSlicePagesOfTheRecurrentTable() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 3_000_000;
        int[] posts = new int[rows];
        int[] pres = new int[rows];
        int row = 0;
        for (int post = 0; row < rows; post++) {
            int k = Math.min(rows - row, 500 + random.nextInt(1000));
            int[] rowPres = ascending(random, k, 200);
            for (int j = 0; j < k; j++) {
                posts[row + j] = post;
                pres[row + j] = rowPres[j];
            }
            row += k;
        }
        for (int[] column : new int[][] {posts, pres}) {
            List<byte[]> pages = assertSameEncoding(column, null, 1 << 20, column == posts);
            assertTrue(pages.size() > 1 || column == posts, "pages: " + pages.size());
        }
    }

    /**
     * The padding really is the earlier blocks' (the case the class comment describes): the test above would not
     * notice an encoder that zeroed it unless some page differs from what a fresh encoder writes for its values.
     */
    @Test
    void paddingComesFromEarlierBlocks() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        int[] first = values(200, i -> random.nextInt());
        int[] second = values(40, i -> i);
        DeltaBinaryPackingValuesWriterForInteger reference = reference();
        for (int value : first) {
            reference.writeInteger(value);
        }
        reference.getBytes();
        reference.reset();
        for (int value : second) {
            reference.writeInteger(value);
        }
        byte[] afterFirst = reference.getBytes().toByteArray();

        DeltaBinaryPackedEncoder encoder = new DeltaBinaryPackedEncoder(64);
        encoder.writeIntegers(first, first.length);
        encoder.getBytes();
        encoder.reset();
        encoder.writeIntegers(second, second.length);
        assertArrayEquals(afterFirst, encoder.getBytes().toByteArray());

        DeltaBinaryPackedEncoder fresh = new DeltaBinaryPackedEncoder(64);
        fresh.writeIntegers(second, second.length);
        assertTrue(!Arrays.equals(afterFirst, fresh.getBytes().toByteArray()),
                "the second page's padding should carry the first page's deltas");
    }

    /**
     * Writes {@code values} into both writers in batches (random sizes and entry points when {@code random} is
     * given, else 8192-value arrays as the slice writer's), cutting a page once the buffered size reaches
     * {@code pageBytes}, as FlatColumns does; asserts equal buffered sizes and equal pages. Returns the pages.
     */
    private static List<byte[]> assertSameEncoding(int[] values, SplittableRandom random, int pageBytes)
            throws IOException {
        return assertSameEncoding(values, random, pageBytes, false);
    }

    /** As above, the arrays through {@link DeltaBinaryPackedEncoder#writeAscending} if {@code ascending}. */
    private static List<byte[]> assertSameEncoding(int[] values, SplittableRandom random, int pageBytes,
            boolean ascending) throws IOException {
        DeltaBinaryPackingValuesWriterForInteger reference = reference();
        DeltaBinaryPackedEncoder encoder = new DeltaBinaryPackedEncoder(random == null ? 1 << 20 : 64);
        List<byte[]> pages = new ArrayList<>();
        int pageValues = 0;
        int[] batch = new int[8192];
        for (int i = 0; i < values.length; ) {
            int n = Math.min(values.length - i, random == null ? 8192 : 1 + random.nextInt(random.nextBoolean() ? 8 : 400));
            for (int j = 0; j < n; j++) {
                reference.writeInteger(values[i + j]);
            }
            if (random != null && random.nextInt(4) == 0) {
                for (int j = 0; j < n; j++) {
                    encoder.writeInteger(values[i + j]);
                }
            } else {
                // From index 0 of a scratch array, as the slice writer's batches are.
                System.arraycopy(values, i, batch, 0, n);
                if (ascending) {
                    encoder.writeAscending(batch, n);
                } else {
                    encoder.writeIntegers(batch, n);
                }
            }
            i += n;
            pageValues += n;
            assertEquals(reference.getBufferedSize(), encoder.getBufferedSize(), "buffered size after " + i);
            if (reference.getBufferedSize() >= pageBytes) {
                pages.add(assertSamePage(reference, encoder, "page ending at " + i + " (" + pageValues + " values)"));
                pageValues = 0;
            }
        }
        if (pageValues > 0 || pages.isEmpty()) {
            pages.add(assertSamePage(reference, encoder, "last page (" + pageValues + " values)"));
        }
        return pages;
    }

    private static byte[] assertSamePage(DeltaBinaryPackingValuesWriterForInteger reference,
            DeltaBinaryPackedEncoder encoder, String what) throws IOException {
        byte[] expected = reference.getBytes().toByteArray();
        assertArrayEquals(expected, encoder.getBytes().toByteArray(), what);
        assertEquals(reference.getEncoding(), encoder.getEncoding());
        reference.reset();
        encoder.reset();
        return expected;
    }

    /** The writer DefaultV2ValuesWriterFactory makes for an INT32 column. */
    private static DeltaBinaryPackingValuesWriterForInteger reference() {
        return new DeltaBinaryPackingValuesWriterForInteger(64, 1 << 20, HeapByteBufferAllocator.getInstance());
    }

    private static boolean nondecreasing(int[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static int[] values(int length, IntUnaryOperator value) {
        int[] values = new int[length];
        for (int i = 0; i < length; i++) {
            values[i] = value.applyAsInt(i);
        }
        return values;
    }

    private static int[] ascending(SplittableRandom random, int length, int maxGap) {
        int[] values = new int[length];
        int value = random.nextInt(1000);
        for (int i = 0; i < length; i++) {
            value += 1 + random.nextInt(maxGap);
            values[i] = value;
        }
        return values;
    }

    private static int[] runs(SplittableRandom random, int length) {
        int[] values = new int[length];
        int value = random.nextInt(100);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(300) == 0) {
                value += 1 + random.nextInt(3);
            }
            values[i] = value;
        }
        return values;
    }

    /** Rows of 80 to 120 ascending pres among 10^7, one after another: every row's first pre jumps back. */
    private static int[] rowsOfPres(SplittableRandom random, int length) {
        int[] values = new int[length];
        for (int i = 0; i < length; ) {
            int k = Math.min(length - i, 80 + random.nextInt(41));
            int[] row = ascending(random, k, 200_000);
            System.arraycopy(row, 0, values, i, k);
            i += k;
        }
        return values;
    }
}
