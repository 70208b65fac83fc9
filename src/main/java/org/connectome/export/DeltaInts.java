package org.connectome.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * A page of INT32 values in Parquet's DELTA_BINARY_PACKED encoding, decoded a miniblock at a time straight into
 * the caller's array. parquet-java's reader decodes a whole page into a long per value before the first one is
 * read (a 14 M-value page is a 115 MB array); this one holds one miniblock. Layout (Parquet's Encodings.md): a
 * header of ULEB128 block size, miniblocks per block, value count and the zigzag first value; then blocks of a
 * zigzag minimum delta, one bit width byte per miniblock, and the miniblocks' deltas minus the minimum, bit-packed
 * little-endian in groups of 8. Values are the running sum, in 32-bit two's complement like the writer's.
 */
final class DeltaInts {
    private final ByteBuffer in;
    private final int miniblocksPerBlock;
    private final int valuesPerMiniblock;
    private final int[] widths;
    private final int[] miniblock;
    private final BytePacker[] packers = new BytePacker[33];
    private int left;
    private boolean firstPending = true;
    private int last;
    private int minDelta;
    private int nextMiniblock;
    private int inMiniblock;
    private int miniblockSize;

    DeltaInts(ByteBuffer page) throws IOException {
        this.in = page;
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
        this.last = (int) zigzagVarint();
        this.nextMiniblock = miniblocksPerBlock; // the first delta starts a block
    }

    /** The next {@code count} values into {@code out[at ..]}. */
    void read(int[] out, int at, int count) throws IOException {
        if (count > left) {
            throw new IOException("DELTA_BINARY_PACKED page has " + left + " values left, " + count + " wanted");
        }
        int end = at + count;
        if (firstPending && at < end) {
            out[at++] = last;
            firstPending = false;
        }
        int value = last;
        while (at < end) {
            if (inMiniblock == miniblockSize) {
                nextMiniblock();
            }
            int n = Math.min(end - at, miniblockSize - inMiniblock);
            for (int i = 0; i < n; i++) {
                value += minDelta + miniblock[inMiniblock + i];
                out[at + i] = value;
            }
            inMiniblock += n;
            at += n;
        }
        last = value;
        left -= count;
    }

    private void nextMiniblock() throws IOException {
        if (nextMiniblock == miniblocksPerBlock) {
            minDelta = (int) zigzagVarint();
            for (int i = 0; i < miniblocksPerBlock; i++) {
                widths[i] = in.get() & 0xFF;
            }
            nextMiniblock = 0;
        }
        int width = widths[nextMiniblock++];
        if (width > 32) {
            throw new IOException("DELTA_BINARY_PACKED miniblock of bit width " + width + " in an INT32 column");
        }
        if (width == 0) { // all deltas the minimum; the width-0 packer leaves its output untouched
            java.util.Arrays.fill(miniblock, 0);
            inMiniblock = 0;
            miniblockSize = valuesPerMiniblock;
            return;
        }
        BytePacker packer = packers[width];
        if (packer == null) {
            packer = packers[width] = Packer.LITTLE_ENDIAN.newBytePacker(width);
        }
        // Only the miniblocks holding values are stored; the last one is padded to its full size.
        int position = in.position();
        for (int i = 0; i < valuesPerMiniblock; i += 8) {
            packer.unpack8Values(in, position, miniblock, i);
            position += width;
        }
        in.position(position);
        inMiniblock = 0;
        miniblockSize = valuesPerMiniblock;
    }

    private long unsignedVarint() {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private long zigzagVarint() {
        long raw = unsignedVarint();
        return (raw >>> 1) ^ -(raw & 1);
    }
}
