package org.connectome.parquet;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.connectome.output.NioLocalFileSystem;

/**
 * A Parquet {@link InputFile} on the file system {@link NioLocalFileSystem#of} gives: parquet-java's
 * {@code HadoopInputFile} always asks Hadoop for the file system, which on a JVM's first lookup instantiates every
 * file system on the class path.
 */
public final class FileSystemInputFile implements InputFile {
    private final FileSystem fileSystem;
    private final FileStatus status;

    private FileSystemInputFile(FileSystem fileSystem, FileStatus status) {
        this.fileSystem = fileSystem;
        this.status = status;
    }

    public static FileSystemInputFile of(FileStatus status, Configuration conf) throws IOException {
        return new FileSystemInputFile(NioLocalFileSystem.of(status.getPath(), conf), status);
    }

    public static FileSystemInputFile of(Path path, Configuration conf) throws IOException {
        FileSystem fileSystem = NioLocalFileSystem.of(path, conf);
        return new FileSystemInputFile(fileSystem, fileSystem.getFileStatus(path));
    }

    @Override
    public long getLength() {
        return status.getLen();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        return HadoopStreams.wrap(fileSystem.open(status.getPath()));
    }

    @Override
    public String toString() {
        return status.getPath().toString();
    }
}
