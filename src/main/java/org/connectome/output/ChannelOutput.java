package org.connectome.output;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A buffered little-endian stream of values into one region of a file, written with positional writes so that
 * several regions of the same file (the datasets of an HDF5 file) fill side by side. A full buffer is written on
 * a thread of its own while the caller fills the other one, so the writes of every output run beside the decoding
 * instead of after it. Up to {@value #MAX_WRITES_IN_FLIGHT} of an output's buffers are being written at a time, each
 * at its own position, so that a short stall of the disk is taken up by the buffers behind. (A direct Parquet writer
 * of a 10^9 run waits for its writes about a sixth of the time with one in flight or three alike: there the disk's
 * rate is the bound.)
 *
 * <p>A large whole file ({@link #wholeFile}) or block-aligned region ({@link #region}: an HDF5 dataset) is written
 * with {@code O_DIRECT} where its file system takes it: the
 * disk reads the buffers themselves, where a write into the page cache copies every byte into freshly allocated
 * cache pages, which cost more CPU than decoding them (on the benchmark's VM about 0.5 GB/s a core, erratic when
 * other processes write). Direct writes need block-aligned positions, lengths and buffer addresses: each write is
 * the buffer's whole blocks, the rest carried into the next buffer, and the last partial block goes through the
 * ordinary channel. {@link #finish} checks that exactly the region's bytes were written.
 */
public final class ChannelOutput {
    /** Bytes of each of an output's two buffers: a region of a file, and a whole file (larger transfers). */
    private static final int REGION_BUFFER_BYTES = 1 << 20;
    private static final int FILE_BUFFER_BYTES = 8 << 20;
    /** Files below this size gain nothing from direct writes. */
    private static final long DIRECT_MIN_BYTES = 64L << 20;
    /** Buffers of one output being written at most at a time; one more is being filled. */
    static final int MAX_WRITES_IN_FLIGHT = 3;
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(new java.util.concurrent
            .ThreadFactory() {
        private final AtomicInteger number = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "channel-write-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    /** The buffer of a closed output: empty, so that nothing put after closing lands in a pooled buffer. */
    private static final ByteBuffer CLOSED = ByteBuffer.allocate(0);

    private final FileChannel channel;
    /** The same file opened with O_DIRECT, or null: every write then goes through {@code channel}. */
    private final FileChannel direct;
    /** Whether {@link #close} closes {@code direct} (a whole file's own; a region's is its file's). */
    private final boolean ownsDirect;
    /** Block size of direct writes; 1 without. */
    private final int alignment;
    private final int bufferBytes;
    private final long end;
    /** A stream of no set length (a Parquet file): {@link #finish} takes what was written. */
    private final boolean openEnded;
    private final String name;
    private ByteBuffer buffer;
    /** The buffers being written, oldest first, and their writes. */
    private final ArrayDeque<ByteBuffer> writing = new ArrayDeque<>();
    private final ArrayDeque<Future<?>> writes = new ArrayDeque<>();
    /** Where the buffer's first byte goes. */
    private long position;
    /** Where the output's first byte went. */
    private final long start;

    /** Buffered writes into {@code [start, start + length)} of {@code channel}. */
    public ChannelOutput(FileChannel channel, long start, long length, String name) {
        this(channel, null, false, 1, REGION_BUFFER_BYTES, start, length, name);
    }

    /**
     * Writes into {@code [start, start + length)} of {@code channel}, direct through {@code direct} (the file's,
     * from {@link #openDirect}; may be null) when the region is large and starts on a block (an HDF5 file's
     * datasets are block-aligned); the region's last partial block then goes through {@code channel}.
     */
    public static ChannelOutput region(FileChannel channel, Direct direct, long start, long length, String name) {
        return region(channel, direct, start, length, name, DIRECT_MIN_BYTES);
    }

    /** {@link #region}, direct from {@code directMinBytes} on (tests: small regions). */
    public static ChannelOutput region(FileChannel channel, Direct direct, long start, long length, String name,
            long directMinBytes) {
        if (direct == null || length < directMinBytes || start % direct.alignment() != 0) {
            return new ChannelOutput(channel, start, length, name);
        }
        return new ChannelOutput(channel, direct.channel(), false, direct.alignment(), FILE_BUFFER_BYTES, start,
                length, name);
    }

    private ChannelOutput(FileChannel channel, FileChannel direct, boolean ownsDirect, int alignment,
            int bufferBytes, long start, long length, String name) {
        this.channel = channel;
        this.direct = direct;
        this.ownsDirect = ownsDirect;
        this.alignment = alignment;
        this.bufferBytes = bufferBytes;
        this.position = start;
        this.start = start;
        this.openEnded = length < 0;
        this.end = openEnded ? Long.MAX_VALUE : start + length;
        this.name = name;
        this.buffer = allocate();
    }

    /** A file opened with O_DIRECT, and the block size its transfers' positions, lengths and addresses keep to. */
    public record Direct(FileChannel channel, int alignment) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * The new, still empty {@code file} ({@code channel} open on it for writing) opened again with O_DIRECT, or
     * null where its file system does not take it (e.g. tmpfs before Linux 6.6): tried with one block written and
     * cut back, so call it before anything else is written.
     */
    public static Direct openDirect(Path file, FileChannel channel) {
        return tryDirect(file, StandardOpenOption.WRITE, (direct, block) -> {
            direct.write(block, 0);
            channel.truncate(0);
        });
    }

    /**
     * {@code file} opened for reading with O_DIRECT, and the block size its reads' positions, lengths and buffer
     * addresses keep to; null where its file system does not take it (tried with one block read).
     */
    public static Direct openDirectReads(Path file) {
        return tryDirect(file, StandardOpenOption.READ, (direct, block) -> direct.read(block, 0));
    }

    /** A first transfer of one aligned block through a channel just opened with O_DIRECT. */
    private interface Probe {
        void run(FileChannel direct, ByteBuffer block) throws IOException;
    }

    /** {@code file} opened with O_DIRECT in {@code mode} and probed, or null where that fails. */
    private static Direct tryDirect(Path file, StandardOpenOption mode, Probe probe) {
        FileChannel direct = null;
        try {
            int alignment = Math.toIntExact(Math.max(Files.getFileStore(file).getBlockSize(), 512));
            direct = FileChannel.open(file, mode, ExtendedOpenOption.DIRECT);
            probe.run(direct, ByteBuffer.allocateDirect(2 * alignment).alignedSlice(alignment).limit(alignment));
            return new Direct(direct, alignment);
        } catch (IOException | UnsupportedOperationException | ArithmeticException e) {
            if (direct != null) {
                try {
                    direct.close();
                } catch (IOException ignored) {
                    // nothing was written through it but the probe's block, which the caller discards
                }
            }
            return null;
        }
    }

    /**
     * The whole of a new, empty {@code file} of {@code length} bytes ({@code channel} open on it for writing):
     * written directly when it is large and its file system takes O_DIRECT, else buffered. {@link #close} closes
     * the direct channel; the caller closes its own.
     */
    public static ChannelOutput wholeFile(Path file, FileChannel channel, long length, String name) throws IOException {
        return wholeFile(file, channel, length, name, DIRECT_MIN_BYTES);
    }

    /** {@link #wholeFile}, direct from {@code directMinBytes} on (tests: small files). */
    public static ChannelOutput wholeFile(Path file, FileChannel channel, long length, String name, long directMinBytes)
            throws IOException {
        Direct direct = length >= directMinBytes ? openDirect(file, channel) : null;
        return direct == null ? new ChannelOutput(channel, null, false, 1, FILE_BUFFER_BYTES, 0, length, name)
                : new ChannelOutput(channel, direct.channel(), true, direct.alignment(), FILE_BUFFER_BYTES, 0,
                        length, name);
    }

    /**
     * A new, empty file written front to back directly, its length not known ahead ({@link DirectOutputStream}):
     * {@code direct} from {@link #openDirect} on it, buffers of {@code bufferBytes}.
     */
    static ChannelOutput openEnded(FileChannel channel, Direct direct, int bufferBytes, String name) {
        return new ChannelOutput(channel, direct.channel(), false, direct.alignment(), bufferBytes, 0, -1, name);
    }

    /** The bytes put so far, from the output's start. */
    public long written() {
        return position + buffer.position() - start;
    }

    /** Whether the writes bypass the page cache. */
    public boolean isDirect() {
        return direct != null;
    }

    private ByteBuffer allocate() {
        return AlignedBuffers.take(bufferBytes, alignment);
    }

    public void putInt(int value) throws IOException {
        if (buffer.remaining() < 4) {
            flush();
        }
        buffer.putInt(value);
    }

    public void putLong(long value) throws IOException {
        if (buffer.remaining() < 8) {
            flush();
        }
        buffer.putLong(value);
    }

    public void putFloat(float value) throws IOException {
        if (buffer.remaining() < 4) {
            flush();
        }
        buffer.putFloat(value);
    }

    public void putDouble(double value) throws IOException {
        if (buffer.remaining() < 8) {
            flush();
        }
        buffer.putDouble(value);
    }

    /** {@code count} values from {@code values[from]} on, copied in bulk. */
    public void putInts(int[] values, int from, int count) throws IOException {
        while (count > 0) {
            if (buffer.remaining() < Integer.BYTES) {
                flush();
            }
            int n = Math.min(count, buffer.remaining() / Integer.BYTES);
            buffer.asIntBuffer().put(values, from, n);
            buffer.position(buffer.position() + n * Integer.BYTES);
            from += n;
            count -= n;
        }
    }

    public void putLongs(long[] values, int from, int count) throws IOException {
        while (count > 0) {
            if (buffer.remaining() < Long.BYTES) {
                flush();
            }
            int n = Math.min(count, buffer.remaining() / Long.BYTES);
            buffer.asLongBuffer().put(values, from, n);
            buffer.position(buffer.position() + n * Long.BYTES);
            from += n;
            count -= n;
        }
    }

    public void putFloats(float[] values, int from, int count) throws IOException {
        while (count > 0) {
            if (buffer.remaining() < Float.BYTES) {
                flush();
            }
            int n = Math.min(count, buffer.remaining() / Float.BYTES);
            buffer.asFloatBuffer().put(values, from, n);
            buffer.position(buffer.position() + n * Float.BYTES);
            from += n;
            count -= n;
        }
    }

    public void putDoubles(double[] values, int from, int count) throws IOException {
        while (count > 0) {
            if (buffer.remaining() < Double.BYTES) {
                flush();
            }
            int n = Math.min(count, buffer.remaining() / Double.BYTES);
            buffer.asDoubleBuffer().put(values, from, n);
            buffer.position(buffer.position() + n * Double.BYTES);
            from += n;
            count -= n;
        }
    }

    public void put(byte[] bytes) throws IOException {
        put(bytes, 0, bytes.length);
    }

    public void put(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        for (int at = offset, stop = offset + length; at < stop; ) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int chunk = Math.min(buffer.remaining(), stop - at);
            buffer.put(bytes, at, chunk);
            at += chunk;
        }
    }

    public void putByte(int value) throws IOException {
        if (!buffer.hasRemaining()) {
            flush();
        }
        buffer.put((byte) value);
    }

    /** Hands the buffer's bytes (its whole blocks, when direct) to a writer thread and goes on in another buffer. */
    private void flush() throws IOException {
        buffer.flip();
        if (position + buffer.remaining() > end) {
            throw new IOException(name + ": more values than its size");
        }
        int writable = buffer.remaining() / alignment * alignment;
        ByteBuffer next = writes.size() < MAX_WRITES_IN_FLIGHT ? allocate() : awaitOldestWrite();
        next.clear();
        next.put(buffer.duplicate().position(writable)); // the partial block, first in the next buffer
        ByteBuffer full = buffer.limit(writable);
        FileChannel target = direct != null ? direct : channel;
        long at = position;
        position += writable;
        writing.add(full);
        writes.add(WRITERS.submit(() -> {
            long offset = at;
            while (full.hasRemaining()) {
                offset += target.write(full, offset);
            }
            return null;
        }));
        buffer = next;
    }

    /** Waits for the oldest write in flight (there is one); returns its buffer, free again. */
    private ByteBuffer awaitOldestWrite() throws IOException {
        Future<?> write = writes.poll();
        ByteBuffer free = writing.poll();
        try {
            write.get();
        } catch (InterruptedException e) {
            write.cancel(true);
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(name + ": interrupted while writing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? new IOException(name + ": " + io.getMessage(), io)
                    : new IOException(name + ": " + cause, cause);
        }
        return free;
    }

    /** Writes what is buffered and waits for it; fails unless the region is exactly full. */
    public void finish() throws IOException {
        flush();
        while (!writes.isEmpty()) {
            AlignedBuffers.give(awaitOldestWrite());
        }
        ByteBuffer rest = buffer.flip(); // less than a block when direct, else nothing
        while (rest.hasRemaining()) {
            position += channel.write(rest, position);
        }
        rest.clear();
        if (!openEnded && position != end) {
            throw new IOException(name + ": " + (end - position) + " bytes short of its size");
        }
    }

    /**
     * Closes the direct channel of a whole file, if any (the caller's channel is the caller's), and gives the
     * buffers back for the next output; a buffer still being written (a failed output) is left to the collector.
     */
    public void close() throws IOException {
        if (buffer != CLOSED) {
            AlignedBuffers.give(buffer);
            buffer = CLOSED;
        }
        while (!writes.isEmpty()) {
            ByteBuffer written = writing.poll();
            if (writes.poll().isDone()) {
                AlignedBuffers.give(written);
            }
        }
        if (ownsDirect) {
            direct.close();
        }
    }
}
