package org.connectome.parquet;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.connectome.output.DirectOutputStream;

/**
 * A Parquet {@link OutputFile} on any Hadoop {@link FileSystem} (local, hdfs://, s3a://, ...). On the local file
 * system it writes past Hadoop's streams, through {@link LocalFileOutputStream} (or {@link DirectOutputStream},
 * past the page cache too): the {@code .crc} side files of Hadoop's checksummed local file system cost time and
 * protect nothing Parquet's own page structure and the footer check do not, and its raw stream costs a copy and a
 * system call per 64 kB. Renames, deletes and every other file system call stay Hadoop's.
 */
final class FileSystemOutputFile implements OutputFile {
    private final FileSystem fileSystem;
    private final Path path;
    private final boolean direct;
    /** The local stream opened, if the file is local and written through the page cache. */
    private LocalFileOutputStream local;

    /** @param direct write a local file with O_DIRECT where its file system takes it ({@link DirectOutputStream}) */
    FileSystemOutputFile(FileSystem fileSystem, Path path, boolean direct) {
        this.fileSystem = fileSystem instanceof LocalFileSystem local ? local.getRawFileSystem() : fileSystem;
        this.path = path;
        this.direct = direct;
    }

    @Override
    public PositionOutputStream create(long blockSize) throws IOException {
        return open(false, blockSize);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSize) throws IOException {
        return open(true, blockSize);
    }

    /**
     * Never creates the parent directory: an attempt still running after its job failed and the driver discarded
     * the staging directory must fail, not bring the directory back (StandaloneClusterIT saw exactly that).
     */
    private PositionOutputStream open(boolean overwrite, long blockSize) throws IOException {
        if (fileSystem instanceof RawLocalFileSystem raw) {
            java.nio.file.Path file = raw.pathToFile(path).toPath();
            local = LocalFileOutputStream.create(file, overwrite);
            DirectOutputStream directStream = direct ? DirectOutputStream.openIfSupported(file) : null;
            if (directStream == null) {
                return local;
            }
            local.close(); // made the file; the bytes go past the page cache
            local = null;
            return positioned(directStream, directStream::position);
        }
        long fileBlockSize = supportsBlockSize() ? Math.max(blockSize, fileSystem.getDefaultBlockSize(path))
                : fileSystem.getDefaultBlockSize(path);
        FSDataOutputStream out = fileSystem.createNonRecursive(path, overwrite,
                fileSystem.getConf().getInt("io.file.buffer.size", 65536), fileSystem.getDefaultReplication(path),
                fileBlockSize, null);
        return positioned(out, out::getPos);
    }

    /** Where the next byte goes. */
    private interface Position {
        long get() throws IOException;
    }

    private static PositionOutputStream positioned(OutputStream out, Position position) {
        return new PositionOutputStream() {
            @Override
            public long getPos() throws IOException {
                return position.get();
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /**
     * Hands what a local file buffered to the OS: called after each row group, so that a process killed mid-file
     * leaves the row groups it finished on disk, as Hadoop's 64 kB stream did (DyingAttemptTest relies on it).
     */
    void rowGroupWritten() throws IOException {
        if (local != null) {
            local.flush();
        }
    }

    /** Block-aligned row groups only where blocks exist (HDFS), as parquet-java's own Hadoop output file does. */
    @Override
    public boolean supportsBlockSize() {
        return HadoopOutputFile.getBlockFileSystems().contains(fileSystem.getUri().getScheme());
    }

    @Override
    public long defaultBlockSize() {
        return fileSystem.getDefaultBlockSize(path);
    }

    @Override
    public String getPath() {
        return path.toString();
    }
}
