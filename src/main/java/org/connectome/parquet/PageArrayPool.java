package org.connectome.parquet;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The arrays that hold a row group's pages until the group is written ({@link FlatPageStore}): about 1.25 MB each,
 * a page's values writer encodes into one, gives it to the page store with the page in it, and goes on in another
 * from here; the store gives them back once the row group is in the file. At that size each is a G1 humongous
 * object, and allocating them afresh for every page (as parquet-java's page store allocates its buffers) started a
 * concurrent mark cycle every few row groups and kept the heap touching fresh pages. An array taken is at least as
 * long as asked for, and its old bytes are left in it (a writer overwrites what it uses, and the page's length says
 * where its bytes end). Free arrays are softly held, so memory pressure can reclaim them. One pool per JVM
 * ({@link #SHARED}), so that the threads of a later job (the local engine's pool is made per run) reuse what earlier
 * ones left; an array costs one uncontended lock.
 */
final class PageArrayPool {
    /** Lengths are rounded up to this, so that pages of nearly the same size share arrays. */
    static final int GRANULE = 64 << 10;
    /** Shorter arrays are not worth pooling: they are ordinary young objects. */
    static final int MIN_POOLED = 256 << 10;
    static final PageArrayPool SHARED = new PageArrayPool();

    private final List<SoftReference<byte[]>> free = new ArrayList<>();

    /** An array of at least {@code length} bytes. */
    synchronized byte[] take(int length) {
        if (length < MIN_POOLED) {
            return new byte[length];
        }
        for (int i = free.size() - 1; i >= 0; i--) {
            byte[] array = free.get(i).get();
            if (array == null) {
                free.remove(i);
            } else if (array.length >= length) {
                free.remove(i);
                return array;
            }
        }
        return new byte[(int) Math.min(Integer.MAX_VALUE - 8, ((long) length + GRANULE - 1) / GRANULE * GRANULE)];
    }

    /** Gives back an array that nothing reads any more. */
    synchronized void give(byte[] array) {
        if (array.length >= MIN_POOLED) {
            free.add(new SoftReference<>(array));
        }
    }

    /** Free arrays held (tests). */
    synchronized int freeArrays() {
        free.removeIf(reference -> reference.get() == null);
        return free.size();
    }
}
