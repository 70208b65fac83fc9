package org.connectome.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A local file written through a {@link FileChannel} in writes of {@value #BUFFER_BYTES} bytes from a direct buffer.
 * Hadoop's local stream (a 64 kB {@code BufferedOutputStream} over {@code FileOutputStream}, whose native write
 * copies every call's bytes into a malloc'ed buffer first) costs one more copy of the file and a write system call
 * per 64 kB; and the page cache allocates its folios by the size of a write, so larger writes mean fewer, larger
 * folios for ext4 to allocate, charge and account. The bytes written are the same.
 *
 * <p>The buffer is kept for the thread's next file (one file at a time per thread, as a slice writer writes them;
 * a second file opened meanwhile gets a buffer of its own).
 */
final class LocalFileOutputStream extends PositionOutputStream {
    static final int BUFFER_BYTES = 1 << 20;
    private static final ThreadLocal<ByteBuffer[]> SPARE = ThreadLocal.withInitial(() -> new ByteBuffer[1]);

    private final FileChannel channel;
    private ByteBuffer buffer;
    private long position;

    private LocalFileOutputStream(FileChannel channel) {
        this.channel = channel;
        ByteBuffer[] spare = SPARE.get();
        this.buffer = spare[0] != null ? spare[0] : ByteBuffer.allocateDirect(BUFFER_BYTES);
        spare[0] = null;
        this.buffer.clear();
    }

    /** Creates {@code file}, or truncates it if {@code overwrite}; never creates its directory (it must exist). */
    static LocalFileOutputStream create(Path file, boolean overwrite) throws IOException {
        FileChannel channel = overwrite
                ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING)
                : FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        return new LocalFileOutputStream(channel);
    }

    @Override
    public long getPos() {
        return position;
    }

    @Override
    public void write(int b) throws IOException {
        if (!buffer.hasRemaining()) {
            drain();
        }
        buffer.put((byte) b);
        position++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            int n = Math.min(length, buffer.remaining());
            buffer.put(bytes, offset, n);
            offset += n;
            length -= n;
            position += n;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void close() throws IOException {
        if (buffer == null) {
            return;
        }
        try (FileChannel closing = channel) {
            drain();
        } finally {
            SPARE.get()[0] = buffer;
            buffer = null;
        }
    }
}
