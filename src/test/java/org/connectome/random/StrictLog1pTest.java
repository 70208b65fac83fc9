package org.connectome.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link StrictLog1p} is {@link StrictMath#log1p} bit for bit: on the special values and the ends of every branch,
 * on doubles of every exponent and both signs, on uniform draws from each reduction interval, and on the ratios
 * {@code d / lo} of the hypergeometric split (small {@code d}, large {@code lo}).
 */
class StrictLog1pTest {
    private static final int DRAWS = 2_000_000;

    @Test
    void specialValuesAndBranchEnds() {
        double[] values = {0.0, -0.0, -1.0, -1.0 + 0x1.0p-53, Math.nextDown(-1.0), Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 0x1.0p-54, Math.nextDown(0x1.0p-54), 0x1.0p-29,
            Math.nextDown(0x1.0p-29), -0x1.0p-29, -0x1.0p-54, 0.41422, 0.4142135623730950, -0.2929,
            -0.2928932188134524, 0x1.0p53, Math.nextDown(0x1.0p53), 0x1.0p-20, 1.0, 2.0, Math.sqrt(2) - 1,
            Math.sqrt(0.5) - 1, 1e300, 1e-300};
        for (double x : values) {
            assertSame(x);
            assertSame(Math.nextUp(x));
            assertSame(Math.nextDown(x));
        }
    }

    @Test
    void everyExponentAndSign() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < DRAWS; i++) {
            assertSame(Double.longBitsToDouble(random.nextLong()));
        }
    }

    @Test
    void uniformDrawsOfEachInterval() {
        SplittableRandom random = new SplittableRandom(12);
        double[][] intervals = {{-1, 1}, {-0.3, 0.42}, {-1, -0.29}, {0.41, 4}, {0, 0x1.0p-19}, {-0x1.0p-19, 0},
            {1, 1e6}, {1e15, 1e17}};
        for (double[] interval : intervals) {
            for (int i = 0; i < DRAWS / 4; i++) {
                assertSame(interval[0] + (interval[1] - interval[0]) * random.nextDouble());
            }
        }
    }

    @Test
    void ratiosOfTheSplitTree() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < DRAWS; i++) {
            long lo = 1024 + random.nextLong(1L << (11 + random.nextInt(50)));
            long d = 1 + random.nextLong(Math.min(lo, 1L << random.nextInt(1, 30)));
            assertSame((double) d / lo);
        }
    }

    private static void assertSame(double x) {
        assertEquals(Double.doubleToRawLongBits(StrictMath.log1p(x)), Double.doubleToRawLongBits(StrictLog1p.log1p(x)),
                () -> "log1p(" + x + ") = " + StrictMath.log1p(x) + ", not " + StrictLog1p.log1p(x));
    }
}
