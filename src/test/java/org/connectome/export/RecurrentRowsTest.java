package org.connectome.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The search the export's row pointer walks the posts with, against a linear scan. */
class RecurrentRowsTest {
    @Test
    void firstAboveFindsTheEndOfEveryRunAsAScanDoes() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 2_000; trial++) {
            int length = random.nextInt(1, 300);
            int[] values = new int[length];
            // Runs of 1 to 1,000 equal values (rows of one synapse up to dense rows), some values skipped.
            int maxRun = trial % 3 == 0 ? 2 : trial % 3 == 1 ? 40 : 1_000;
            for (int i = 0, value = random.nextInt(5); i < length; value += random.nextInt(1, 4)) {
                int run = random.nextInt(1, maxRun + 1);
                for (int r = 0; r < run && i < length; r++) {
                    values[i++] = value;
                }
            }
            int from = random.nextInt(length);
            int to = random.nextInt(from, length + 1);
            int value = random.nextBoolean() ? values[from] : values[from] + random.nextInt(-2, 3);
            int expected = from;
            while (expected < to && values[expected] <= value) {
                expected++;
            }
            assertEquals(expected, RecurrentRows.firstAbove(values, from, to, value),
                    Arrays.toString(values) + " from " + from + " to " + to + " value " + value);
        }
    }
}
