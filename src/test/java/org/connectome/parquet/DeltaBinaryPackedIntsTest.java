package org.connectome.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DeltaBinaryPackedInts} against parquet-java's own DELTA_BINARY_PACKED writer: every value back, for the patterns the
 * tables have (sorted posts with long runs: width-0 miniblocks; ascending pres; random ints with 32-bit deltas that
 * overflow), for lengths around the miniblock and block sizes, read in uneven pieces.
 */
class DeltaBinaryPackedIntsTest {
    static Stream<Arguments> pages() {
        Random random = new Random(42);
        int[] lengths = {1, 2, 7, 8, 31, 32, 33, 127, 128, 129, 1000, 4099};
        Stream.Builder<Arguments> pages = Stream.builder();
        for (int length : lengths) {
            pages.add(Arguments.of("runs of equal values", values(length, i -> i / 300)));
            pages.add(Arguments.of("constant", values(length, i -> 7)));
            pages.add(Arguments.of("ascending", values(length, i -> i * 37 + (i * i) % 11)));
            int[] extremes = random.ints(length).toArray();
            extremes[0] = Integer.MIN_VALUE;
            extremes[length - 1] = Integer.MAX_VALUE;
            pages.add(Arguments.of("random 32-bit", extremes));
            pages.add(Arguments.of("descending negative", values(length, i -> -5 * i - 1000)));
        }
        return pages.build();
    }

    private static int[] values(int length, IntUnaryOperator value) {
        int[] values = new int[length];
        for (int i = 0; i < length; i++) {
            values[i] = value.applyAsInt(i);
        }
        return values;
    }

    private static ByteBuffer encode(int[] values, int blockSize, int miniblocks) throws IOException {
        DeltaBinaryPackingValuesWriterForInteger writer = new DeltaBinaryPackingValuesWriterForInteger(blockSize,
                miniblocks, 64, 1 << 16, HeapByteBufferAllocator.getInstance());
        for (int value : values) {
            writer.writeInteger(value);
        }
        return ByteBuffer.wrap(writer.getBytes().toByteArray());
    }

    @ParameterizedTest(name = "{0}, {index}")
    @MethodSource("pages")
    void decodesWhatParquetJavaEncodes(String pattern, int[] values) throws IOException {
        for (int[] layout : new int[][] {{128, 4}, {256, 8}, {64, 1}}) {
            DeltaBinaryPackedInts decoder = new DeltaBinaryPackedInts(encode(values, layout[0], layout[1]));
            int[] decoded = new int[values.length];
            // Uneven reads: a value, then growing pieces that straddle miniblocks and blocks.
            for (int at = 0, piece = 1; at < values.length; at += piece, piece = piece * 2 + 1) {
                decoder.read(decoded, at, Math.min(piece, values.length - at));
            }
            assertArrayEquals(values, decoded, pattern + " in blocks of " + layout[0] + "/" + layout[1]);
        }
    }

    @Test
    void readingPastThePageFails() throws IOException {
        DeltaBinaryPackedInts decoder = new DeltaBinaryPackedInts(encode(new int[] {1, 2, 3}, 128, 4));
        int[] out = new int[4];
        assertThrows(IOException.class, () -> decoder.read(out, 0, 4));
    }
}
