package org.connectome.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.ValuesWriter;

/**
 * PLAIN encoding of DOUBLE or FLOAT values into one growing array: the same bytes as parquet-java's
 * {@code PlainValuesWriter}, whose little-endian stream writes a double as eight single-byte writes (about a third
 * of the column writer's time for random weights, see notes/parquet-column-writer.md).
 */
final class PlainFloatingPointWriter extends ValuesWriter implements PageArrayWriter {
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class,
            ByteOrder.LITTLE_ENDIAN);

    private byte[] buffer;
    private int size;

    PlainFloatingPointWriter(int initialBytes) {
        this.buffer = new byte[Math.max(64, initialBytes)];
    }

    @Override
    public void writeDouble(double value) {
        if (size + Double.BYTES > buffer.length) {
            grow();
        }
        DOUBLES.set(buffer, size, value);
        size += Double.BYTES;
    }

    @Override
    public void writeFloat(float value) {
        if (size + Float.BYTES > buffer.length) {
            grow();
        }
        FLOATS.set(buffer, size, value);
        size += Float.BYTES;
    }

    /** The first {@code n} values, in order. */
    void writeDoubles(double[] values, int n) {
        reserve(n * Double.BYTES);
        for (int i = 0; i < n; i++) {
            DOUBLES.set(buffer, size + i * Double.BYTES, values[i]);
        }
        size += n * Double.BYTES;
    }

    /** The first {@code n} values, each rounded to the nearest float, in order. */
    void writeFloats(double[] values, int n) {
        reserve(n * Float.BYTES);
        for (int i = 0; i < n; i++) {
            FLOATS.set(buffer, size + i * Float.BYTES, (float) values[i]);
        }
        size += n * Float.BYTES;
    }

    private void reserve(int bytes) {
        if (size + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes));
        }
    }

    private void grow() {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }

    @Override
    public long getBufferedSize() {
        return size;
    }

    /** Valid until the next write or {@link #reset()}, unless the array is handed over ({@link #handOver}). */
    @Override
    public BytesInput getBytes() {
        return BytesInput.from(buffer, 0, size);
    }

    @Override
    public int arrayLength() {
        return buffer.length;
    }

    @Override
    public void handOver(byte[] fresh) {
        if (fresh.length < buffer.length) {
            throw new IllegalArgumentException("an array of " + fresh.length + " bytes, " + buffer.length + " needed");
        }
        buffer = fresh;
        size = 0;
    }

    @Override
    public Encoding getEncoding() {
        return Encoding.PLAIN;
    }

    @Override
    public void reset() {
        size = 0;
    }

    @Override
    public long getAllocatedSize() {
        return buffer.length;
    }

    @Override
    public String memUsageString(String prefix) {
        return prefix + " PLAIN floating point " + size + " of " + buffer.length + " bytes";
    }
}
