package org.connectome.output;

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
            assertOneLongFailsToFill("short", 12, directFrom, "4 bytes short");
            assertOneLongFailsToFill("over", 4, directFrom, "4 bytes too many");
        }
    }

    /** One long put into a whole file of {@code length} bytes: finish must fail. */
    private void assertOneLongFailsToFill(String name, long length, long directFrom, String why) throws IOException {
        Path file = dir.resolve(name + "-" + directFrom + ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ChannelOutput out = ChannelOutput.wholeFile(file, channel, length, name, directFrom);
            out.putLong(1);
            assertThrows(IOException.class, out::finish, why);
            out.close();
        }
    }

    /**
     * Regions of one file side by side, as an HDF5 file's datasets: a header written after the direct channel was
     * opened, two block-aligned regions written direct (the first ending inside a block) and a small one written
     * buffered between them, each region's bytes and the gaps (zeros) where they must be.
     */
    @Test
    void directRegionsOfOneFileAreTheirValuesInOrder() throws IOException {
        Path file = dir.resolve("regions.bin");
        Random random = new Random(13);
        byte[] header = new byte[300];
        random.nextBytes(header);
        long[] starts = {4096, 4096 + align(VALUES_LENGTH, 4096), 0};
        starts[2] = align(starts[1] + 1000, 4096);
        long[] lengths = {VALUES_LENGTH, 1000, VALUES_LENGTH};
        long size = starts[2] + lengths[2];
        ByteBuffer expected = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        expected.put(header);
        boolean direct;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ChannelOutput.Direct directChannel = ChannelOutput.openDirect(file, channel)) {
            direct = directChannel != null;
            channel.write(ByteBuffer.wrap(header), 0);
            ChannelOutput[] outs = new ChannelOutput[3];
            for (int r = 0; r < 3; r++) {
                outs[r] = ChannelOutput.region(channel, directChannel, starts[r], lengths[r], "region " + r, 2000);
                assertEquals(direct && r != 1, outs[r].isDirect(), "region " + r);
            }
            putValues(outs[1], expected.position((int) starts[1]), new byte[1000], 0, 0, random);
            putValues(outs[0], expected.position((int) starts[0]), new byte[0], INTS, DOUBLES, random);
            putValues(outs[2], expected.position((int) starts[2]), new byte[0], INTS, DOUBLES, random);
            for (ChannelOutput out : outs) {
                out.finish();
                out.close();
            }
        }
        assertEquals(size, Files.size(file));
        assertArrayEquals(expected.array(), Files.readAllBytes(file));
    }

    private static final int INTS = 3_000_001;
    private static final int DOUBLES = 1_500_003;
    private static final long VALUES_LENGTH = 4L * INTS + 8L * DOUBLES + 8 + 4 + 4 + 8;

    private static ChannelOutput writeAll(Path file, long directFrom) throws IOException {
        Random random = new Random(11);
        byte[] header = new byte[128];
        random.nextBytes(header);
        long length = header.length + VALUES_LENGTH;
        ByteBuffer expected = ByteBuffer.allocate(Math.toIntExact(length)).order(ByteOrder.LITTLE_ENDIAN);
        ChannelOutput out;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out = ChannelOutput.wholeFile(file, channel, length, file.getFileName().toString(), directFrom);
            putValues(out, expected, header, INTS, DOUBLES, random);
            out.finish();
            out.close();
        }
        assertEquals(length, Files.size(file));
        assertArrayEquals(expected.array(), Files.readAllBytes(file));
        return out;
    }

    /** A header, then values through every put method in uneven pieces, into {@code out} and {@code expected}. */
    private static void putValues(ChannelOutput out, ByteBuffer expected, byte[] header, int ints, int doubles,
            Random random) throws IOException {
        out.put(header);
        expected.put(header);
        if (ints == 0) {
            return;
        }
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
    }

    private static long align(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
