package org.connectome.random;

import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;

/** The generator tests' shared helpers: a generator's next numbers, and counting them into a set. */
final class Draws {
    private Draws() {
    }

    static long[] longs(UniformRandomProvider random, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextLong();
        }
        return out;
    }

    /** Adds the values to the set; returns how many were added (duplicates included). */
    static int addAll(Set<Long> set, long[] values) {
        for (long v : values) {
            set.add(v);
        }
        return values.length;
    }
}
