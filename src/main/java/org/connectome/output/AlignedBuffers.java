package org.connectome.output;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The block-aligned direct buffers of {@link ChannelOutput}, kept from one output to the next. A direct buffer is
 * memory fresh from the OS: allocating one costs a page fault and the zeroing of every page (kernel and JVM each
 * clear it), and a run of 10^9 synapses opens dozens of files of two 8 MB buffers each (about 1 CPU s in all at
 * N = 10^7). At most {@value #MAX_POOLED_BYTES} bytes are kept; more are dropped to the garbage collector, as
 * before. Thread-safe.
 */
final class AlignedBuffers {
    static final long MAX_POOLED_BYTES = 64L << 20;

    private static final List<ByteBuffer> FREE = new ArrayList<>();
    private static long pooledBytes;

    private AlignedBuffers() {
    }

    /** A cleared little-endian buffer of exactly {@code bytes} bytes whose address is a multiple of {@code alignment}. */
    static ByteBuffer take(int bytes, int alignment) {
        synchronized (FREE) {
            for (int i = FREE.size() - 1; i >= 0; i--) {
                ByteBuffer buffer = FREE.get(i);
                if (buffer.capacity() == bytes && buffer.alignmentOffset(0, alignment) == 0) {
                    FREE.remove(i);
                    pooledBytes -= bytes;
                    return buffer.clear();
                }
            }
        }
        ByteBuffer aligned = ByteBuffer.allocateDirect(bytes + alignment).alignedSlice(alignment);
        return aligned.limit(bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Gives back a buffer from {@link #take} that no write uses any more. */
    static void give(ByteBuffer buffer) {
        synchronized (FREE) {
            if (pooledBytes + buffer.capacity() <= MAX_POOLED_BYTES) {
                FREE.add(buffer);
                pooledBytes += buffer.capacity();
            }
        }
    }

    /** Buffers kept (tests). */
    static int pooled() {
        synchronized (FREE) {
            return FREE.size();
        }
    }
}
