package org.connectome.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.bitpacking.IntPacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * DELTA_BINARY_PACKED encoding of INT32 values, an array at a time: byte for byte what parquet-java's
 * {@code DeltaBinaryPackingValuesWriterForInteger} writes (blocks of 128 deltas in 4 miniblocks of 32), at a fraction
 * of its CPU: that writer takes a value per virtual call, buffers its output in slabs and packs each miniblock eight
 * values at a time through one of 33 packer classes (a megamorphic call), about a quarter of the slice writer.
 *
 * <p>A batch's whole blocks are encoded straight from its values, deltas and the miniblocks' bounds in one pass
 * (a miniblock's width is that of its largest delta less the block's min); a block that straddles batches goes
 * through the delta buffer. Miniblocks are packed by parquet-java's own unrolled packers
 * ({@code Packer.LITTLE_ENDIAN}'s int packers: 32 values into {@code width} ints, constant shifts), stored
 * little-endian, which is parquet's bit order; whole-byte widths take plain stores.
 *
 * <p>Byte identity includes what the format leaves free (readers ignore it): the unused values of a page's last
 * miniblock are packed from what the block buffer held before (the previous block's deltas less its min delta), and
 * the bit widths of a last block's unused miniblocks are the previous block's. Both buffers therefore live as long as
 * the encoder, across pages, as parquet-java's do. {@link #getBufferedSize()} counts the bytes of completed blocks
 * only, as parquet-java's does, so pages are cut at the same values. DeltaBinaryPackedEncoderTest compares the two.
 */
final class DeltaBinaryPackedEncoder extends ValuesWriter implements PageArrayWriter {
    static final int BLOCK_VALUES = 128;
    static final int MINIBLOCKS = 4;
    static final int MINIBLOCK_VALUES = BLOCK_VALUES / MINIBLOCKS;
    /** The most one block takes: its min delta (a 5-byte varint), the widths, 128 values of 32 bits. */
    private static final int MAX_BLOCK_BYTES = 5 + MINIBLOCKS + BLOCK_VALUES * Integer.BYTES;
    /**
     * Room before the blocks for the page header (four varints), written there when the page is taken, so that the
     * page is one array range that the compressor reads in place.
     */
    private static final int HEADER_BYTES = 4 * 5;
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Parquet-java's unrolled little-endian packers of 32 values, by width; whole-byte widths do not use theirs. */
    private static final IntPacker[] PACKERS = new IntPacker[Integer.SIZE];

    static {
        for (int width = 0; width < Integer.SIZE; width++) {
            PACKERS[width] = Packer.LITTLE_ENDIAN.newIntPacker(width);
        }
    }

    private final int[] deltas = new int[BLOCK_VALUES];
    /** One miniblock packed, before it is stored little-endian. */
    private final int[] packed = new int[MINIBLOCK_VALUES];
    private final int[] bitWidths = new int[MINIBLOCKS];
    private final byte[] header = new byte[HEADER_BYTES];
    private byte[] buffer;
    /** The end of the blocks in {@link #buffer}; they start at {@link #HEADER_BYTES}. */
    private int size = HEADER_BYTES;
    /** Deltas in {@link #deltas} not yet encoded. */
    private int pending;
    private int valueCount;
    private int firstValue;
    private int previous;

    DeltaBinaryPackedEncoder(int initialBytes) {
        this.buffer = new byte[HEADER_BYTES + Math.max(2 * MAX_BLOCK_BYTES, initialBytes)];
    }

    @Override
    public void writeInteger(int value) {
        if (valueCount++ == 0) {
            firstValue = value;
        } else {
            deltas[pending++] = value - previous;
            if (pending == BLOCK_VALUES) {
                encodeBlock();
            }
        }
        previous = value;
    }

    /** The first {@code n} values, in order: what n calls of {@link #writeInteger} write. */
    void writeIntegers(int[] values, int n) {
        write(values, n, false);
    }

    /**
     * {@link #writeIntegers} for a nondecreasing column (a table's sorted first column, continuing the values written
     * before): a whole block whose last value repeats the one before it is then a block of zero deltas, written
     * without reading its values (about seven of the eight blocks of a post's row of 1,000 synapses).
     */
    void writeAscending(int[] values, int n) {
        write(values, n, true);
    }

    private void write(int[] values, int n, boolean ascending) {
        if (n <= 0) {
            return;
        }
        int i = 0;
        if (valueCount == 0) {
            firstValue = values[0];
            previous = values[0];
            i = 1;
        }
        valueCount += n;
        while (i < n) {
            if (pending == 0 && n - i >= BLOCK_VALUES) {
                if (ascending && values[i + BLOCK_VALUES - 1] == previous) {
                    writeZeroBlock();
                } else {
                    encodeWholeBlock(values, i);
                }
                i += BLOCK_VALUES;
                previous = values[i - 1];
                continue;
            }
            int take = Math.min(BLOCK_VALUES - pending, n - i);
            int[] d = deltas;
            int p = pending;
            d[p] = values[i] - previous;
            // Independent differences of neighbours (no carried "previous"), so the JIT can vectorize the loop.
            for (int j = 1; j < take; j++) {
                d[p + j] = values[i + j] - values[i + j - 1];
            }
            i += take;
            previous = values[i - 1];
            pending = p + take;
            if (pending == BLOCK_VALUES) {
                encodeBlock();
            }
        }
    }

    /**
     * Encodes the block of the 128 deltas ending at {@code values[start + 127]} (the first from {@link #previous}):
     * what {@link #encodeBlock} makes of them, with the deltas and each miniblock's min and max found in one pass. The
     * width of a miniblock is that of its max delta less the block's min, the largest value it packs; the unsigned
     * difference is exact even where it overflows an int. The buffer keeps the deltas less the min, as
     * {@link #encodeBlock} leaves them (a page's last block pads with them).
     */
    private void encodeWholeBlock(int[] values, int start) {
        int[] d = deltas;
        int before = previous;
        int min = Integer.MAX_VALUE;
        for (int m = 0; m < MINIBLOCKS; m++) {
            int low = Integer.MAX_VALUE;
            int high = Integer.MIN_VALUE;
            int from = m * MINIBLOCK_VALUES;
            for (int j = from; j < from + MINIBLOCK_VALUES; j++) {
                int value = values[start + j];
                int delta = value - before;
                before = value;
                d[j] = delta;
                low = Math.min(low, delta);
                high = Math.max(high, delta);
            }
            min = Math.min(min, low);
            bitWidths[m] = high; // made a width below, once the block's min is known
        }
        for (int j = 0; j < BLOCK_VALUES; j++) {
            d[j] -= min;
        }
        for (int m = 0; m < MINIBLOCKS; m++) {
            bitWidths[m] = 32 - Integer.numberOfLeadingZeros(bitWidths[m] - min);
        }
        writeBlock(min, MINIBLOCKS);
    }

    /**
     * A block of 128 zero deltas: min delta 0 and four widths of 0, nothing packed; the buffers are left as
     * {@link #encodeWholeBlock} would leave them (zeros), for the padding of a later page.
     */
    private void writeZeroBlock() {
        Arrays.fill(deltas, 0);
        Arrays.fill(bitWidths, 0);
        writeBlock(0, 0);
    }

    /** Encodes the pending deltas as one block: min delta, the miniblocks' bit widths, the packed miniblocks. */
    private void encodeBlock() {
        int count = pending;
        int[] d = deltas;
        int min = Integer.MAX_VALUE;
        for (int j = 0; j < count; j++) {
            min = Math.min(min, d[j]);
        }
        for (int j = 0; j < count; j++) {
            d[j] -= min;
        }
        int miniblocks = (count + MINIBLOCK_VALUES - 1) / MINIBLOCK_VALUES;
        for (int m = 0; m < miniblocks; m++) {
            int start = m * MINIBLOCK_VALUES;
            int end = Math.min(start + MINIBLOCK_VALUES, count);
            int bits = 0;
            for (int j = start; j < end; j++) {
                bits |= d[j];
            }
            bitWidths[m] = 32 - Integer.numberOfLeadingZeros(bits);
        }
        writeBlock(min, miniblocks);
        pending = 0;
    }

    /**
     * Writes a block of {@link #deltas} (less {@code min}) with the widths of {@link #bitWidths}: the min delta, all
     * four widths (those of unused miniblocks as they were), then the first {@code miniblocks} miniblocks packed.
     */
    private void writeBlock(int min, int miniblocks) {
        if (buffer.length - size < MAX_BLOCK_BYTES) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + MAX_BLOCK_BYTES));
        }
        byte[] out = buffer;
        int position = writeUnsignedVarInt((min << 1) ^ (min >> 31), out, size);
        for (int m = 0; m < MINIBLOCKS; m++) {
            out[position++] = (byte) bitWidths[m];
        }
        for (int m = 0; m < miniblocks; m++) {
            int width = bitWidths[m];
            if (width != 0) {
                position = pack(deltas, m * MINIBLOCK_VALUES, width, out, position);
            }
        }
        size = position;
    }

    /**
     * Packs the 32 values from {@code start}, {@code width} low bits each, least significant bit first (parquet's
     * little-endian bit packing); returns the position after the {@code 4 * width} bytes written.
     */
    private int pack(int[] values, int start, int width, byte[] out, int position) {
        if (width % 8 == 0) {
            return packWholeBytes(values, start, width, out, position);
        }
        int[] words = packed;
        PACKERS[width].pack32Values(values, start, words, 0);
        for (int w = 0; w < width; w++, position += 4) {
            INTS.set(out, position, words[w]);
        }
        return position;
    }

    /**
     * {@link #pack} for widths of whole bytes, where value j is simply bytes {@code j * width / 8 ..} of the
     * miniblock, little-endian: one store a value and no chain from value to value (the wide tables' pres, whose
     * blocks almost all hold a row's jump back, are mostly 24 bits). A 24-bit value is stored as 4 bytes, the fourth
     * overwritten by the next value's store (so bits above the width, which the padding of a page's last miniblock
     * can have, never remain); the last one's lies past the miniblock, inside the block's reserve, and is
     * overwritten or never part of the page.
     */
    private static int packWholeBytes(int[] values, int start, int width, byte[] out, int position) {
        int end = start + MINIBLOCK_VALUES;
        switch (width) {
            case 8 -> {
                for (int j = start; j < end; j++) {
                    out[position++] = (byte) values[j];
                }
            }
            case 16 -> {
                for (int j = start; j < end; j++, position += 2) {
                    SHORTS.set(out, position, (short) values[j]);
                }
            }
            case 24 -> {
                for (int j = start; j < end; j++, position += 3) {
                    INTS.set(out, position, values[j]);
                }
            }
            default -> {
                for (int j = start; j < end; j++, position += 4) {
                    INTS.set(out, position, values[j]);
                }
            }
        }
        return position;
    }

    private static int writeUnsignedVarInt(int value, byte[] out, int position) {
        while ((value & ~0x7F) != 0) {
            out[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[position++] = (byte) value;
        return position;
    }

    @Override
    public long getBufferedSize() {
        return size - HEADER_BYTES;
    }

    /**
     * The page: header (block size, miniblock count, value count, first value) and the blocks, the last one encoded
     * now. Valid until the next write or {@link #reset()}, unless the array is handed over ({@link #handOver}).
     */
    @Override
    public BytesInput getBytes() {
        if (pending != 0) {
            encodeBlock();
        }
        int length = writeUnsignedVarInt(BLOCK_VALUES, header, 0);
        length = writeUnsignedVarInt(MINIBLOCKS, header, length);
        length = writeUnsignedVarInt(valueCount, header, length);
        length = writeUnsignedVarInt((firstValue << 1) ^ (firstValue >> 31), header, length);
        int start = HEADER_BYTES - length;
        System.arraycopy(header, 0, buffer, start, length);
        return BytesInput.from(buffer, start, size - start);
    }

    @Override
    public Encoding getEncoding() {
        return Encoding.DELTA_BINARY_PACKED;
    }

    @Override
    public int arrayLength() {
        return buffer.length;
    }

    /** A new page in {@code fresh}; the block buffer and bit widths are kept, as by {@link #reset()}. */
    @Override
    public void handOver(byte[] fresh) {
        if (fresh.length < buffer.length) {
            throw new IllegalArgumentException("an array of " + fresh.length + " bytes, " + buffer.length + " needed");
        }
        buffer = fresh;
        reset();
    }

    /** A new page; the block buffer and bit widths are kept (see the class comment). */
    @Override
    public void reset() {
        size = HEADER_BYTES;
        pending = 0;
        valueCount = 0;
    }

    @Override
    public long getAllocatedSize() {
        return buffer.length;
    }

    @Override
    public String memUsageString(String prefix) {
        return prefix + " DELTA_BINARY_PACKED ints " + getBufferedSize() + " of " + buffer.length + " bytes";
    }
}
