package org.connectome.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct writes put exactly the bytes written, in order, whatever the sizes of the writes against the blocks and
 * buffers: single bytes, writes across buffer boundaries, lengths of whole blocks and of whole buffers, the empty
 * file.
 */
class DirectOutputStreamTest {
    @TempDir
    Path dir;

    /** Buffers of three blocks (or so), so that a few kilobytes cross many buffers. */
    private static final int SMALL_BUFFER = 3 * 4096;

    private DirectOutputStream open(Path file) throws IOException {
        Files.createFile(file);
        DirectOutputStream stream = DirectOutputStream.openIfSupported(file, SMALL_BUFFER);
        assumeTrue(stream != null, "the temporary directory's file system takes no O_DIRECT");
        return stream;
    }

    @Test
    void writesOfEverySizeLandInOrder() throws IOException {
        SplittableRandom random = new SplittableRandom(20261201);
        for (int total : new int[] {0, 1, 511, 4096, SMALL_BUFFER, SMALL_BUFFER + 1, 5 * SMALL_BUFFER - 7, 200_003}) {
            Path file = dir.resolve("file-" + total);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (DirectOutputStream out = open(file)) {
                while (expected.size() < total) {
                    int left = total - expected.size();
                    int kind = random.nextInt(4);
                    if (kind == 0) {
                        int b = random.nextInt(256);
                        out.write(b);
                        expected.write(b);
                    } else {
                        int length = Math.min(left, kind == 1 ? random.nextInt(1, 64)
                                : kind == 2 ? 4096 : random.nextInt(1, 3 * SMALL_BUFFER));
                        byte[] bytes = new byte[length + 10];
                        random.nextBytes(bytes);
                        out.write(bytes, 5, length);
                        expected.write(bytes, 5, length);
                    }
                    assertEquals(expected.size(), out.position());
                }
            }
            assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file), "a file of " + total + " bytes");
        }
    }

    /**
     * A closed stream's two buffers serve the next stream (AlignedBuffers), and a file written into reused buffers
     * holds its own bytes only: files of falling sizes, each into buffers that held a longer one's bytes.
     */
    @Test
    void buffersPassFromFileToFileWithoutTheirBytes() throws IOException {
        SplittableRandom random = new SplittableRandom(20261203);
        int pooled = -1;
        for (int total : new int[] {7 * SMALL_BUFFER + 123, 2 * SMALL_BUFFER - 5, 4097, 3}) {
            Path file = dir.resolve("reused-" + total);
            byte[] bytes = new byte[total];
            random.nextBytes(bytes);
            try (DirectOutputStream out = open(file)) {
                out.write(bytes, 0, total);
            }
            assertArrayEquals(bytes, Files.readAllBytes(file), "a file of " + total + " bytes");
            if (pooled < 0) {
                pooled = AlignedBuffers.pooled();
                assertTrue(pooled >= 2, "the first file's buffers given back: " + pooled);
            } else {
                assertEquals(pooled, AlignedBuffers.pooled(), "the pool's buffers reused, given back after " + total);
            }
        }
    }
}
