package org.connectome.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link RowEdges#firstAtLeast} against a linear scan, on every sub-range and bound of small ascending arrays. */
class RowEdgesTest {
    @Test
    void firstAtLeastIsTheFirstIndexReachingTheBound() {
        SplittableRandom random = new SplittableRandom(11);
        for (int length = 0; length <= 40; length++) {
            for (int trial = 0; trial < 20; trial++) {
                int[] values = new int[length];
                int value = random.nextInt(5) - 2;
                for (int i = 0; i < length; i++) {
                    value += random.nextInt(3); // repeats too: the first of equal values is the answer
                    values[i] = value;
                }
                for (int from = 0; from <= length; from++) {
                    for (int to = from; to <= length; to++) {
                        for (long bound = -4; bound <= value + 2; bound++) {
                            assertEquals(linearScan(values, from, to, bound),
                                    RowEdges.firstAtLeast(values, from, to, bound),
                                    "a sub-range of a row of " + length);
                        }
                    }
                }
            }
        }
        assertEquals(2, RowEdges.firstAtLeast(new int[] {0, 5, Integer.MAX_VALUE}, 0, 3, (1L << 31) - 1));
        assertEquals(3, RowEdges.firstAtLeast(new int[] {0, 5, Integer.MAX_VALUE}, 0, 3, 1L << 31));
    }

    private static int linearScan(int[] values, int from, int to, long bound) {
        int i = from;
        while (i < to && values[i] < bound) {
            i++;
        }
        return i;
    }
}
