package org.connectome.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.parquet.bytes.BytesInput;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** Every page it writes is a snappy block that snappy itself decodes; random pages are stored, the others shrink. */
class AdaptiveSnappyCompressorTest {
    @Test
    void literalBlocksOfEveryHeaderSizeDecode() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        byte[] header = new byte[10];
        for (int length : new int[] {1, 2, 59, 60, 61, 62, 255, 256, 257, 258, 65_535, 65_536, 65_537,
                (1 << 24) - 1, 1 << 24, (1 << 24) + 1, (1 << 24) + 2}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            int headerLength = AdaptiveSnappyCompressor.literalHeader(length, header);
            byte[] block = new byte[headerLength + length];
            System.arraycopy(header, 0, block, 0, headerLength);
            System.arraycopy(data, 0, block, headerLength, length);
            assertEquals(length, Snappy.uncompressedLength(block), "length " + length);
            assertArrayEquals(data, Snappy.uncompress(block), "length " + length);
        }
    }

    @Test
    void storesRandomPagesAndCompressesTheOthers() throws IOException {
        AdaptiveSnappyCompressor compressor = new AdaptiveSnappyCompressor();
        SplittableRandom random = new SplittableRandom(2);
        byte[] noise = new byte[1 << 20];
        random.nextBytes(noise);
        byte[] stored = compressor.compress(BytesInput.from(noise)).toByteArray();
        assertTrue(stored.length <= noise.length + 10, "a random page grew by " + (stored.length - noise.length));
        assertArrayEquals(noise, Snappy.uncompress(stored));

        byte[] constant = new byte[1 << 20];
        for (int i = 0; i < constant.length; i += 8) {
            constant[i] = 0x3F; // one double, repeated: a constant weight
        }
        byte[] shrunk = compressor.compress(BytesInput.from(constant)).toByteArray();
        assertTrue(shrunk.length < constant.length / 10, "a constant page took " + shrunk.length + " bytes");
        assertArrayEquals(constant, Snappy.uncompress(shrunk));

        byte[] small = {1, 2, 3, 1, 2, 3, 1, 2, 3};
        assertArrayEquals(small, Snappy.uncompress(compressor.compress(BytesInput.from(small)).toByteArray()));
    }

    /**
     * A page handed as a range inside a larger array (as the slice writer's values writers hand theirs) is read in
     * place from its offset, and gives the same block as the same bytes handed in two parts, which are copied first.
     */
    @Test
    void pagesInsideLargerArraysAreTheirRangeOnly() throws IOException {
        AdaptiveSnappyCompressor compressor = new AdaptiveSnappyCompressor();
        SplittableRandom random = new SplittableRandom(3);
        int offset = 21;
        int length = 200_000;
        byte[] noise = new byte[offset + length + 13];
        random.nextBytes(noise);
        byte[] compressible = new byte[noise.length];
        for (int i = 0; i < compressible.length; i++) {
            compressible[i] = (byte) (i % 7 == 0 ? i : 0);
        }
        for (byte[] array : new byte[][] {noise, compressible}) {
            byte[] page = java.util.Arrays.copyOfRange(array, offset, offset + length);
            byte[] inPlace = compressor.compress(BytesInput.from(array, offset, length)).toByteArray();
            assertArrayEquals(page, Snappy.uncompress(inPlace));
            byte[] copied = compressor.compress(BytesInput.concat(BytesInput.from(array, offset, 1000),
                    BytesInput.from(array, offset + 1000, length - 1000))).toByteArray();
            assertArrayEquals(copied, inPlace);
        }
    }
}
