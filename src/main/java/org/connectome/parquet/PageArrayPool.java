package org.connectome.parquet;

import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * The heap buffers in which parquet-java's page store keeps a row group's pages until the group is written: one a
 * page, about 1 MB each, allocated afresh for every page and dropped with the group. At that size each is a G1
 * humongous object, and a slice writer's stream of them started a concurrent mark cycle every few row groups (32 in a
 * run of 10^8 synapses) and kept the heap touching fresh pages. This pool gives back the buffers of earlier row groups
 * instead: a buffer at least as large as asked for, cleared (the page store writes its bytes and
 * flips it, so the extra capacity is never read). Free buffers are softly held, so memory pressure can reclaim them.
 * One pool per JVM ({@link #SHARED}), so that the threads of a later job (the local engine's pool is made per run)
 * reuse what earlier ones left; a page costs one uncontended lock.
 */
final class PageBufferPool implements ByteBufferAllocator {
    /** Sizes are rounded up to this, so that pages of nearly the same size share buffers. */
    static final int GRANULE = 64 << 10;
    /** Smaller buffers are not worth pooling: they are ordinary young objects. */
    static final int MIN_POOLED = 256 << 10;
    static final PageBufferPool SHARED = new PageBufferPool();

    private final List<SoftReference<ByteBuffer>> free = new ArrayList<>();

    @Override
    public synchronized ByteBuffer allocate(int size) {
        if (size < MIN_POOLED) {
            return ByteBuffer.allocate(size);
        }
        for (int i = free.size() - 1; i >= 0; i--) {
            ByteBuffer buffer = free.get(i).get();
            if (buffer == null) {
                free.remove(i);
            } else if (buffer.capacity() >= size) {
                free.remove(i);
                return buffer.clear();
            }
        }
        return ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8,
                ((long) size + GRANULE - 1) / GRANULE * GRANULE));
    }

    @Override
    public synchronized void release(ByteBuffer buffer) {
        if (buffer.capacity() >= MIN_POOLED) {
            free.add(new SoftReference<>(buffer));
        }
    }

    @Override
    public boolean isDirect() {
        return false;
    }

    /** Free buffers held (tests). */
    synchronized int freeBuffers() {
        free.removeIf(reference -> reference.get() == null);
        return free.size();
    }
}
