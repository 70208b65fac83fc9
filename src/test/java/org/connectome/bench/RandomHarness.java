package org.connectome.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.connectome.random.AesRowRandom;
import org.connectome.random.KeyedRandom;
import org.connectome.random.RandomStream;

/**
 * The cost of one draw of {@link KeyedRandom} (Philox4x64-10) and of {@link AesRowRandom} (AES-128-CTR, the bulk
 * streams of format version 3) against the hashed SplitMix64 of version 1, by the thread's CPU time, in the same
 * JVM and run: nextLong with a reset every {@code rowLength} draws (a post row), Gaussian weights so, and a reset
 * and one Gaussian per key (a dense weight cell). {@code RandomHarness [rowLength=100] [seconds=1] [iterations=5]}
 */
public final class RandomHarness {
    private RandomHarness() {
    }

    /** The generator of format version 1: SplitMix64 from a hashed start per key (the baseline). */
    static final class SplitMix64 implements UniformRandomProvider {
        private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
        private final long streamBase;
        private long state;

        SplitMix64(long seed, long stream) {
            this.streamBase = mix64(seed ^ mix64(stream * GOLDEN_GAMMA + 0x632BE59BD9B4E019L));
        }

        SplitMix64 reset(long key) {
            state = mix64(streamBase + GOLDEN_GAMMA * (key + 1));
            return this;
        }

        @Override
        public long nextLong() {
            state += GOLDEN_GAMMA;
            return mix64(state);
        }

        static long mix64(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }

    public static void main(String[] args) {
        int rowLength = 100;
        double seconds = 1;
        int iterations = 5;
        for (String arg : args) {
            if (arg.startsWith("rowLength=")) {
                rowLength = Integer.parseInt(arg.substring(10));
            } else if (arg.startsWith("seconds=")) {
                seconds = Double.parseDouble(arg.substring(8));
            } else if (arg.startsWith("iterations=")) {
                iterations = Integer.parseInt(arg.substring(11));
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        KeyedRandom philox = new KeyedRandom(42, RandomStream.PRE_SAMPLE);
        AesRowRandom aes = new AesRowRandom(42, RandomStream.PRE_SAMPLE);
        SplitMix64 splitMix = new SplitMix64(42, 0x5A2);
        ZigguratSampler.NormalizedGaussian philoxGaussian = ZigguratSampler.NormalizedGaussian.of(philox);
        ZigguratSampler.NormalizedGaussian aesGaussian = ZigguratSampler.NormalizedGaussian.of(aes);
        ZigguratSampler.NormalizedGaussian splitMixGaussian = ZigguratSampler.NormalizedGaussian.of(splitMix);
        final int row = rowLength;
        for (int i = 0; i < iterations + 2; i++) {
            boolean report = i >= 2; // two warm-up rounds
            double a = nanosPerDraw(threads, seconds, n -> {
                long sum = 0;
                for (long k = 0; k < n / row; k++) {
                    splitMix.reset(k);
                    for (int j = 0; j < row; j++) {
                        sum += splitMix.nextLong();
                    }
                }
                return sum;
            });
            double b = nanosPerDraw(threads, seconds, n -> {
                long sum = 0;
                for (long k = 0; k < n / row; k++) {
                    philox.reset(k);
                    for (int j = 0; j < row; j++) {
                        sum += philox.nextLong();
                    }
                }
                return sum;
            });
            double c = nanosPerDraw(threads, seconds, n -> {
                double sum = 0;
                for (long k = 0; k < n / row; k++) {
                    splitMix.reset(k);
                    for (int j = 0; j < row; j++) {
                        sum += splitMixGaussian.sample();
                    }
                }
                return (long) sum;
            });
            double d = nanosPerDraw(threads, seconds, n -> {
                double sum = 0;
                for (long k = 0; k < n / row; k++) {
                    philox.reset(k);
                    for (int j = 0; j < row; j++) {
                        sum += philoxGaussian.sample();
                    }
                }
                return (long) sum;
            });
            double e = nanosPerDraw(threads, seconds, n -> {
                long sum = 0;
                for (long k = 0; k < n / row; k++) {
                    aes.reset(k, 0, row);
                    for (int j = 0; j < row; j++) {
                        sum += aes.nextLong();
                    }
                }
                return sum;
            });
            double f = nanosPerDraw(threads, seconds, n -> {
                double sum = 0;
                for (long k = 0; k < n / row; k++) {
                    aes.reset(k, 0, row);
                    for (int j = 0; j < row; j++) {
                        sum += aesGaussian.sample();
                    }
                }
                return (long) sum;
            });
            double g = nanosPerDraw(threads, seconds, n -> {
                double sum = 0;
                for (long k = 0; k < n; k++) {
                    philox.reset(k);
                    sum += philoxGaussian.sample();
                }
                return (long) sum;
            });
            double h = nanosPerDraw(threads, seconds, n -> {
                double sum = 0;
                for (long k = 0; k < n; k++) {
                    aes.reset(k, 0, 1);
                    sum += aesGaussian.sample();
                }
                return (long) sum;
            });
            if (report) {
                System.out.printf(Locale.ROOT, "row %d: nextLong splitmix64 %.2f ns philox %.2f ns (x%.2f) aes %.2f ns "
                        + "(x%.2f); gaussian splitmix64 %.2f ns philox %.2f ns (x%.2f) aes %.2f ns (x%.2f); "
                        + "reset + gaussian (a cell) philox %.2f ns aes %.2f ns%n", row, a, b, b / a, e, e / a,
                        c, d, d / c, f, f / c, g, h);
            }
        }
    }

    interface Work {
        long run(long draws);
    }

    static long sink;

    private static double nanosPerDraw(ThreadMXBean threads, double seconds, Work work) {
        long draws = 1 << 20;
        long start = threads.getCurrentThreadCpuTime();
        long total = 0;
        long end = start + (long) (seconds * 1e9);
        while (threads.getCurrentThreadCpuTime() < end) {
            sink += work.run(draws);
            total += draws;
        }
        return (threads.getCurrentThreadCpuTime() - start) / (double) total;
    }
}
