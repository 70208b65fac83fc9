package org.connectome.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.io.PositionOutputStream;
import org.connectome.output.NioLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stream writes exactly the bytes given, across buffer boundaries, and keeps the output file's rules. */
class LocalFileOutputStreamTest {
    @TempDir
    Path dir;

    @Test
    void writesTheBytesGivenInAnyPieces() throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        for (int file = 0; file < 3; file++) { // the second and third reuse the thread's buffer
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            Path path = dir.resolve("f" + file);
            try (LocalFileOutputStream out = LocalFileOutputStream.create(path, false);
                    LocalFileOutputStream other = LocalFileOutputStream.create(dir.resolve("g" + file), false)) {
                other.write(7); // a second file open at once has a buffer of its own
                while (expected.size() < 3 * LocalFileOutputStream.BUFFER_BYTES + 12_345) {
                    if (random.nextInt(10) == 0) {
                        int b = random.nextInt(256);
                        out.write(b);
                        expected.write(b);
                    } else {
                        byte[] piece = new byte[random.nextInt(random.nextBoolean() ? 100 : 3 << 20)];
                        random.nextBytes(piece);
                        int offset = piece.length == 0 ? 0 : random.nextInt(piece.length);
                        out.write(piece, offset, piece.length - offset);
                        expected.write(piece, offset, piece.length - offset);
                    }
                    if (random.nextInt(50) == 0) {
                        out.flush();
                    }
                    assertEquals(expected.size(), out.getPos());
                }
            }
            assertArrayEquals(expected.toByteArray(), Files.readAllBytes(path));
            assertArrayEquals(new byte[] {7}, Files.readAllBytes(dir.resolve("g" + file)));
        }
    }

    @Test
    void overwritesOnlyWhenAskedAndNeverCreatesTheDirectory() throws IOException {
        Path path = dir.resolve("part");
        Files.write(path, new byte[100]);
        assertThrows(IOException.class, () -> LocalFileOutputStream.create(path, false));
        try (LocalFileOutputStream out = LocalFileOutputStream.create(path, true)) {
            out.write(1);
        }
        assertEquals(1, Files.size(path));

        // Through the output file, as SliceWriter opens it, through the page cache and past it: a missing attempt
        // directory is an error, not created.
        FileSystem fileSystem = new org.apache.hadoop.fs.Path(dir.toUri())
                .getFileSystem(NioLocalFileSystem.configure(new Configuration()));
        Path missing = dir.resolve("gone").resolve("part");
        for (boolean direct : new boolean[] {false, true}) {
            FileSystemOutputFile output = new FileSystemOutputFile(fileSystem,
                    new org.apache.hadoop.fs.Path(missing.toUri()), direct);
            assertThrows(IOException.class, () -> output.createOrOverwrite(0));
            assertFalse(Files.exists(missing.getParent()));
            try (PositionOutputStream out = new FileSystemOutputFile(fileSystem,
                    new org.apache.hadoop.fs.Path(path.toUri()), direct).createOrOverwrite(0)) {
                out.write(new byte[] {1, 2, 3}, 0, 3);
                assertEquals(3, out.getPos());
            }
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(path), "direct " + direct);
        }
    }
}
