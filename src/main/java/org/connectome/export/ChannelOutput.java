package org.connectome.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A buffered little-endian stream of values into one region of a file, written with positional writes so that
 * several regions of the same file (the datasets of an HDF5 file) fill side by side. {@link #finish} checks that
 * exactly the region's bytes were written.
 */
final class ChannelOutput {
    private static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final long end;
    private final String name;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long position;

    ChannelOutput(FileChannel channel, long start, long length, String name) {
        this.channel = channel;
        this.position = start;
        this.end = start + length;
        this.name = name;
    }

    void putInt(int value) throws IOException {
        if (buffer.remaining() < 4) {
            flush();
        }
        buffer.putInt(value);
    }

    void putLong(long value) throws IOException {
        if (buffer.remaining() < 8) {
            flush();
        }
        buffer.putLong(value);
    }

    void putFloat(float value) throws IOException {
        if (buffer.remaining() < 4) {
            flush();
        }
        buffer.putFloat(value);
    }

    void putDouble(double value) throws IOException {
        if (buffer.remaining() < 8) {
            flush();
        }
        buffer.putDouble(value);
    }

    /** {@code count} values from {@code values[from]} on, copied in bulk. */
    void putInts(int[] values, int from, int count) throws IOException {
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

    void putLongs(long[] values, int from, int count) throws IOException {
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

    void putFloats(float[] values, int from, int count) throws IOException {
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

    void putDoubles(double[] values, int from, int count) throws IOException {
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

    void put(byte[] bytes) throws IOException {
        for (int at = 0; at < bytes.length; ) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int chunk = Math.min(buffer.remaining(), bytes.length - at);
            buffer.put(bytes, at, chunk);
            at += chunk;
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        if (position + buffer.remaining() > end) {
            throw new IOException(name + ": more values than its size");
        }
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        buffer.clear();
    }

    /** Writes what is buffered; fails unless the region is exactly full. */
    void finish() throws IOException {
        flush();
        if (position != end) {
            throw new IOException(name + ": " + (end - position) + " bytes short of its size");
        }
    }
}
