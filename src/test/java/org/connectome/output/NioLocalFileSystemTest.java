package org.connectome.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NioLocalFileSystem#of}: the class {@link NioLocalFileSystem#configure} names, made directly, for local paths
 * with and without a scheme, and working as Hadoop's would (create, read, list, rename); Hadoop's own file system
 * for a configuration that names another class.
 */
class NioLocalFileSystemTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void aConfiguredLocalPathGetsThisClassMadeDirectly() throws IOException {
        Configuration conf = NioLocalFileSystem.configure(new Configuration());
        for (Path path : new Path[] {new Path(dir.toUri()), new Path(dir.toString())}) {
            FileSystem fileSystem = NioLocalFileSystem.of(path, conf);
            assertEquals(NioLocalFileSystem.class, fileSystem.getClass(), path.toString());
            assertEquals("file", fileSystem.getUri().getScheme());
        }
        FileSystem fileSystem = NioLocalFileSystem.of(new Path(dir.toString()), conf);
        Path file = new Path(new Path(dir.toUri()), "a/b.bin");
        try (OutputStream out = fileSystem.create(file, false)) {
            out.write(new byte[] {1, 2, 3});
        }
        assertTrue(fileSystem.exists(file));
        try (InputStream in = fileSystem.open(file)) {
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        }
        assertTrue(fileSystem.rename(file.getParent(), new Path(new Path(dir.toUri()), "c")));
        assertEquals(1, fileSystem.listStatus(new Path(new Path(dir.toUri()), "c"),
                path -> path.getName().endsWith(".bin")).length);
        assertTrue(Files.isRegularFile(dir.resolve("c/b.bin")));
    }

    @Test
    void anotherConfigurationGetsHadoopsFileSystem() throws IOException {
        Configuration conf = new Configuration();
        FileSystem fileSystem = NioLocalFileSystem.of(new Path(dir.toUri()), conf);
        assertFalse(fileSystem instanceof NioLocalFileSystem, fileSystem.getClass().getName());
        assertEquals(FileSystem.get(dir.toUri(), conf).getClass(), fileSystem.getClass());
    }
}
