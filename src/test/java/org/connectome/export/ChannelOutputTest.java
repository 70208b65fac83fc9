package org.connectome.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChannelOutput} writes exactly the bytes it is given, in order, through its writer threads, both into the
 * page cache and with O_DIRECT (whole blocks from aligned buffers, the partial block carried over, the last one
 * written through the ordinary channel): a header, then every put method in uneven pieces across several 8 MB
 * buffers, to a length that is no multiple of the block size, compared byte for byte with the same values put
 * into a heap buffer.
 */
class ChannelOutputTest {
    @TempDir
    Path dir;

    @Test
    void bufferedWritesAreTheValuesInOrder() throws IOException {
        ChannelOutput out = writeAll(dir.resolve("buffered.bin"), Long.MAX_VALUE);
        assertTrue(!out.isDirect());
    }

    @Test
    void directWritesAreTheValuesInOrder() throws IOException {
        ChannelOutput out = writeAll(dir.resolve("direct.bin"), 0);
        assumeTrue(out.isDirect(), "the temporary directory's file system takes no O_DIRECT");
    }

    @Test
    void aRegionNotFilledExactlyFails() throws IOException {
        for (long directFrom : new long[] {0, Long.MAX_VALUE}) {
            Path file = dir.resolve("short-" + directFrom + ".bin");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ChannelOutput out = ChannelOutput.wholeFile(file, channel, 12, "short", directFrom);
                out.putLong(1);
                assertThrows(IOException.class, out::finish, "4 bytes short");
                out.close();
            }
            Path over = dir.resolve("over-" + directFrom + ".bin");
            try (FileChannel channel = FileChannel.open(over, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ChannelOutput out = ChannelOutput.wholeFile(over, channel, 4, "over", directFrom);
                out.putLong(1);
                assertThrows(IOException.class, out::finish, "4 bytes too many");
                out.close();
            }
        }
    }

    private static ChannelOutput writeAll(Path file, long directFrom) throws IOException {
        Random random = new Random(11);
        int ints = 3_000_001;
        int doubles = 1_500_003;
        byte[] header = new byte[128];
        random.nextBytes(header);
        long length = header.length + 4L * ints + 8L * doubles + 8 + 4 + 4 + 8;
        ByteBuffer expected = ByteBuffer.allocate(Math.toIntExact(length)).order(ByteOrder.LITTLE_ENDIAN);
        ChannelOutput out;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out = ChannelOutput.wholeFile(file, channel, length, file.getFileName().toString(), directFrom);
            out.put(header);
            expected.put(header);
            int[] intValues = random.ints(ints).toArray();
            for (int at = 0, piece = 1; at < ints; at += piece, piece = piece * 3 + 1) {
                int n = Math.min(piece, ints - at);
                out.putInts(intValues, at, n);
                for (int i = at; i < at + n; i++) {
                    expected.putInt(intValues[i]);
                }
            }
            out.putLong(-7L);
            expected.putLong(-7L);
            out.putInt(42);
            expected.putInt(42);
            out.putFloat(1.5f);
            expected.putFloat(1.5f);
            double[] doubleValues = random.doubles(doubles).toArray();
            for (int at = 0, piece = 5; at < doubles; at += piece, piece = piece * 2 + 3) {
                int n = Math.min(piece, doubles - at);
                out.putDoubles(doubleValues, at, n);
                for (int i = at; i < at + n; i++) {
                    expected.putDouble(doubleValues[i]);
                }
            }
            out.putDouble(Math.PI);
            expected.putDouble(Math.PI);
            out.finish();
            out.close();
        }
        assertEquals(length, Files.size(file));
        assertArrayEquals(expected.array(), Files.readAllBytes(file));
        return out;
    }
}
