package org.connectome.parquet;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A page of INT32 values in Parquet's DELTA_BINARY_PACKED encoding, decoded a whole miniblock at a time straight
 * into the caller's array. parquet-java's reader decodes a whole page into a long per value before the first one
 * is read (a 14 M-value page is a 115 MB array) and unpacks through a virtual call per 8 values that reads a byte
 * at a time; this one holds at most one miniblock and reads each value with one little-endian 8-byte load (a value
 * of up to 32 bits starting within a byte lies within the 8 bytes from that byte), the running sum fused in.
 * Layout (Parquet's Encodings.md): a header of ULEB128 block size, miniblocks per block, value count and the
 * zigzag first value; then blocks of a zigzag minimum delta, one bit width byte per miniblock, and the miniblocks'
 * deltas minus the minimum, bit-packed little-endian, each miniblock padded to its full size. Values are the
 * running sum, in 32-bit two's complement like the writer's.
 */
final class DeltaBinaryPackedInts {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** The page's bytes: a heap page's own array, else a copy (array loads need no buffer bounds or scope). */
    private final byte[] in;
    private final int limit;
    private final int miniblocksPerBlock;
    private final int valuesPerMiniblock;
    private final int[] widths;
    /** A miniblock's values when a read ends inside it; {@code buffered .. valuesPerMiniblock} are unread. */
    private final int[] miniblock;
    private int buffered;
    private int position;
    private int left;
    private boolean firstPending = true;
    /** The last value of the miniblock decoded last (the first value before any): the next one's base. */
    private int sum;
    private int minDelta;
    private int nextMiniblock;

    /** The page's bytes from its position to its limit. */
    DeltaBinaryPackedInts(ByteBuffer page) throws IOException {
        if (page.hasArray()) {
            this.in = page.array();
            this.position = page.arrayOffset() + page.position();
        } else {
            this.in = new byte[page.remaining()];
            page.duplicate().get(in);
            this.position = 0;
        }
        this.limit = position + page.remaining();
        int blockSize = (int) unsignedVarint();
        this.miniblocksPerBlock = (int) unsignedVarint();
        this.left = (int) unsignedVarint();
        if (blockSize <= 0 || miniblocksPerBlock <= 0 || blockSize % miniblocksPerBlock != 0
                || blockSize / miniblocksPerBlock % 8 != 0) {
            throw new IOException("DELTA_BINARY_PACKED page with block size " + blockSize + " and "
                    + miniblocksPerBlock + " miniblocks per block");
        }
        this.valuesPerMiniblock = blockSize / miniblocksPerBlock;
        this.widths = new int[miniblocksPerBlock];
        this.miniblock = new int[valuesPerMiniblock];
        this.buffered = valuesPerMiniblock;
        this.sum = (int) zigzagVarint();
        this.nextMiniblock = miniblocksPerBlock; // the first delta starts a block
    }

    /** The next {@code count} values into {@code out[at ..]}. */
    void read(int[] out, int at, int count) throws IOException {
        if (count > left) {
            throw new IOException("DELTA_BINARY_PACKED page has " + left + " values left, " + count + " wanted");
        }
        left -= count;
        int end = at + count;
        if (firstPending && at < end) {
            out[at++] = sum;
            firstPending = false;
        }
        while (at < end) {
            if (buffered < valuesPerMiniblock) {
                int n = Math.min(end - at, valuesPerMiniblock - buffered);
                System.arraycopy(miniblock, buffered, out, at, n);
                buffered += n;
                at += n;
            } else if (end - at >= valuesPerMiniblock) {
                decodeMiniblock(out, at);
                at += valuesPerMiniblock;
            } else {
                decodeMiniblock(miniblock, 0);
                buffered = 0;
            }
        }
    }

    /** The next miniblock's values into {@code out[at .. at + valuesPerMiniblock)}. */
    private void decodeMiniblock(int[] out, int at) throws IOException {
        if (nextMiniblock == miniblocksPerBlock) {
            minDelta = (int) zigzagVarint();
            if (position + miniblocksPerBlock > limit) {
                throw new IOException("DELTA_BINARY_PACKED page ends inside a block header");
            }
            for (int i = 0; i < miniblocksPerBlock; i++) {
                widths[i] = in[position++] & 0xFF;
            }
            nextMiniblock = 0;
        }
        int width = widths[nextMiniblock++];
        int n = valuesPerMiniblock;
        int bytes = n / 8 * width;
        if (width == 0) {
            sum = constant(out, at, n, sum, minDelta);
        } else if (width > 32) {
            throw new IOException("DELTA_BINARY_PACKED miniblock of bit width " + width + " in an INT32 column");
        } else if (position + bytes + Long.BYTES <= limit) {
            sum = unpack(in, position, width, out, at, n, sum, minDelta);
        } else {
            sum = unpackAtEnd(width, out, at, n);
        }
        position += bytes;
    }

    /** A miniblock of width 0: every delta is the minimum (the posts of one row: all 0). */
    private static int constant(int[] out, int at, int n, int sum, int minDelta) {
        if (minDelta == 0) {
            java.util.Arrays.fill(out, at, at + n, sum); // a run of one post: a vectorised fill, no running sum
            return sum;
        }
        for (int i = 0; i < n; i++) {
            sum += minDelta;
            out[at + i] = sum;
        }
        return sum;
    }

    /**
     * One load per value: the value at bit {@code i * width} is within the 8 bytes from byte {@code i * width / 8}.
     * Static, the width an argument, so the loop reads no fields and the JIT keeps it all in registers.
     */
    private static int unpack(byte[] in, int start, int width, int[] out, int at, int n, int sum,
            int minDelta) {
        long mask = (1L << width) - 1;
        for (int i = 0, bit = 0; i < n; i++, bit += width) {
            long word = (long) LONGS.get(in, start + (bit >>> 3));
            sum += minDelta + (int) ((word >>> (bit & 7)) & mask);
            out[at + i] = sum;
        }
        return sum;
    }

    /** The page's last bytes, where an 8-byte load would pass its end: byte by byte (bytes past it read 0). */
    private int unpackAtEnd(int width, int[] out, int at, int n) {
        long mask = (1L << width) - 1;
        int value = sum;
        for (int i = 0, bit = 0; i < n; i++, bit += width) {
            int first = position + (bit >>> 3);
            long word = 0;
            for (int b = 0; b < Long.BYTES && first + b < limit; b++) {
                word |= (long) (in[first + b] & 0xFF) << (8 * b);
            }
            value += minDelta + (int) ((word >>> (bit & 7)) & mask);
            out[at + i] = value;
        }
        return value;
    }

    private long unsignedVarint() throws IOException {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            if (position >= limit || shift > 63) {
                throw new IOException("DELTA_BINARY_PACKED page ends inside a header");
            }
            byte b = in[position++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private long zigzagVarint() throws IOException {
        long raw = unsignedVarint();
        return (raw >>> 1) ^ -(raw & 1);
    }
}
