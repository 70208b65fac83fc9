package org.connectome.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.connectome.kernel.EdgeStream;
import org.connectome.kernel.RecurrentEdges;
import org.connectome.model.ConnectomeModel;

/**
 * The kernel's rate by the thread's own CPU time: the same work as {@link KernelBenchmark#recurrent()} (batches of
 * 65,536 rows of the recurrent table, one thread), timed by {@link ThreadMXBean#getCurrentThreadCpuTime()} so
 * that other processes on a shared machine, which take the core away but not the thread's CPU time, do not count.
 * A warm-up (JIT) of {@code warmup} seconds, then {@code iterations} measurements of about {@code seconds} each;
 * prints the median and the spread.
 *
 * <p>{@code KernelHarness N:N_syn|spec:NAME|spec:FILE [...] [warmup=3] [iterations=7] [seconds=1] [autapses=repair]}
 */
public final class KernelHarness {
    private KernelHarness() {
    }

    public static void main(String[] args) {
        double warmup = 3;
        int iterations = 7;
        double seconds = 1;
        String autapses = "repair";
        java.util.List<String> shapes = new java.util.ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("warmup=")) {
                warmup = Double.parseDouble(arg.substring(7));
            } else if (arg.startsWith("iterations=")) {
                iterations = Integer.parseInt(arg.substring(11));
            } else if (arg.startsWith("seconds=")) {
                seconds = Double.parseDouble(arg.substring(8));
            } else if (arg.startsWith("autapses=")) {
                autapses = arg.substring(9);
            } else {
                shapes.add(arg);
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String shape : shapes) {
            // spec:NAME|FILE measures a network spec's rows (SPEC 7) instead of the reference's model.
            ConnectomeModel model = shape.startsWith("spec:")
                    ? ConnectomeModel.ofNetwork(org.connectome.model.NetworkSpec.load(shape.substring(5)), 1)
                    : KernelBenchmark.model(shape, autapses);
            Runner runner = new Runner(model);
            runner.run((long) (warmup * 1e9), threads);
            double[] cpuRates = new double[iterations];
            double[] wallRates = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                long wallStart = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                long synapses = runner.run((long) (seconds * 1e9), threads);
                long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
                long wall = System.nanoTime() - wallStart;
                cpuRates[i] = synapses / (cpu / 1e9);
                wallRates[i] = synapses / (wall / 1e9);
            }
            Arrays.sort(cpuRates);
            Arrays.sort(wallRates);
            System.out.printf(Locale.ROOT, "kernel %s %s cpu_median %.0f cpu_min %.0f cpu_max %.0f wall_median %.0f%n",
                    shape, autapses, cpuRates[iterations / 2], cpuRates[0], cpuRates[iterations - 1],
                    wallRates[iterations / 2]);
        }
    }

    /** Fills batches until {@code cpuNanos} of this thread's CPU time are spent; returns the rows. */
    private static final class Runner {
        private final ConnectomeModel model;
        private final int[] first = new int[KernelBenchmark.BATCH_ROWS];
        private final int[] second = new int[KernelBenchmark.BATCH_ROWS];
        private final double[] weight = new double[KernelBenchmark.BATCH_ROWS];
        private final double[] delay = new double[KernelBenchmark.BATCH_ROWS];
        private EdgeStream edges;
        long checksum;

        Runner(ConnectomeModel model) {
            this.model = model;
            this.edges = fresh();
        }

        private EdgeStream fresh() {
            return new org.connectome.kernel.Slice(0, model.neurons()).edges(model,
                    org.connectome.model.EdgeTable.RECURRENT);
        }

        long run(long cpuNanos, ThreadMXBean threads) {
            long end = threads.getCurrentThreadCpuTime() + cpuNanos;
            long rows = 0;
            do {
                for (int b = 0; b < 16; b++) {
                    int filled = 0;
                    while (filled < KernelBenchmark.BATCH_ROWS) {
                        int n = edges.fill(first, second, weight, delay, KernelBenchmark.BATCH_ROWS - filled);
                        if (n == 0) {
                            edges = fresh();
                            continue;
                        }
                        filled += n;
                    }
                    rows += filled;
                    checksum += first[filled - 1] + second[filled - 1] + (long) weight[filled - 1];
                }
            } while (threads.getCurrentThreadCpuTime() < end);
            return rows;
        }
    }
}
