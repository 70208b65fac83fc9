package org.connectome.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet's SNAPPY codec, compressing only the pages that compress. Random weights and delta-packed ids do not:
 * snappy shortens them by under 0.5% and costs about a quarter of the edge writer's CPU. So each page's first
 * {@value #SAMPLE_BYTES} bytes are compressed as a sample; a page whose sample does not shrink below
 * {@value #WORTH_IT} of its size is stored as one snappy literal (a valid snappy block that any reader decodes by
 * copying), any other page is compressed whole. Constant weights, delays on a grid and the neurons' names keep
 * snappy's savings. Pages hold one column's values, so the sample speaks for the page.
 */
final class AdaptiveSnappyCompressor implements CompressionCodecFactory.BytesInputCompressor {
    static final int SAMPLE_BYTES = 16 << 10;
    static final double WORTH_IT = 0.9;
    /** What {@code BytesInput.from(byte[], int, int)} makes: its bytes are one array range, read in place. */
    private static final Class<?> ARRAY_RANGE = BytesInput.from(new byte[1], 0, 1).getClass();

    private final PageBuffer page = new PageBuffer();
    private byte[] compressed = new byte[0];
    private byte[] sampleOut = new byte[Snappy.maxCompressedLength(SAMPLE_BYTES)];
    private final byte[] header = new byte[10];
    /** The literal header's length if the last page was stored as one literal, else 0. */
    private int storedHeaderLength;

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
        byte[] input;
        int offset;
        int size;
        if (bytes.getClass() == ARRAY_RANGE) {
            // The slice writer's values writers hand their page as one array range (which the page store copies, or
            // keeps when the page is stored as a literal): no copy of our own.
            ByteBuffer range = bytes.toByteBuffer();
            input = range.array();
            offset = range.arrayOffset() + range.position();
            size = range.remaining();
        } else {
            page.reset();
            bytes.writeAllTo(page);
            input = page.array();
            offset = 0;
            size = page.size();
        }
        if (size > SAMPLE_BYTES
                && Snappy.compress(input, offset, SAMPLE_BYTES, sampleOut, 0) >= WORTH_IT * SAMPLE_BYTES) {
            storedHeaderLength = literalHeader(size, header);
            return BytesInput.concat(BytesInput.from(header, 0, storedHeaderLength),
                    BytesInput.from(input, offset, size));
        }
        storedHeaderLength = 0;
        int bound = Snappy.maxCompressedLength(size);
        if (compressed.length < bound) {
            compressed = new byte[bound];
        }
        return BytesInput.from(compressed, 0, Snappy.compress(input, offset, size, compressed, 0));
    }

    /**
     * If the last page compressed was stored as one literal, a copy of the literal's header: that page's compressed
     * bytes are these, then the page's own bytes, unchanged (a caller may keep the page's array instead of copying
     * it). Null if the last page was compressed.
     */
    byte[] storedHeader() {
        return storedHeaderLength == 0 ? null : java.util.Arrays.copyOf(header, storedHeaderLength);
    }

    /**
     * The start of a snappy block that is one literal of {@code length} bytes: the uncompressed length as a
     * varint, then the literal's tag (60 + k in its upper six bits when k little-endian bytes of length - 1
     * follow). Returns the header's length.
     */
    static int literalHeader(int length, byte[] header) {
        int at = 0;
        int varint = length;
        while ((varint & ~0x7F) != 0) {
            header[at++] = (byte) ((varint & 0x7F) | 0x80);
            varint >>>= 7;
        }
        header[at++] = (byte) varint;
        int n = length - 1;
        if (n < 60) {
            header[at++] = (byte) (n << 2);
            return at;
        }
        int extra = n < (1 << 8) ? 1 : n < (1 << 16) ? 2 : n < (1 << 24) ? 3 : 4;
        header[at++] = (byte) ((59 + extra) << 2);
        for (int i = 0; i < extra; i++) {
            header[at++] = (byte) (n >>> (8 * i));
        }
        return at;
    }

    @Override
    public CompressionCodecName getCodecName() {
        return CompressionCodecName.SNAPPY;
    }

    @Override
    public void release() {
        compressed = new byte[0];
        sampleOut = new byte[0];
    }

    /** A reusable page copy whose array snappy reads in place. */
    private static final class PageBuffer extends ByteArrayOutputStream {
        PageBuffer() {
            super(64 << 10); // grows to the page size only for pages that are not one array range (dictionaries)
        }

        byte[] array() {
            return buf;
        }
    }
}
