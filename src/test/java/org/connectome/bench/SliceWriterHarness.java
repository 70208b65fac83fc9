package org.connectome.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.connectome.kernel.RecurrentEdges;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.Topology;
import org.connectome.model.WeightType;
import org.connectome.parquet.ParquetLayout;
import org.connectome.parquet.SliceFiles;
import org.connectome.parquet.SliceWriter;

/**
 * The slice writer's CPU cost per row, by the thread's own CPU time (other processes on a shared machine do not
 * count): one thread writes the recurrent rows of posts {@code [0, posts)} of N = 10^5, p = 0.01 (1,000 synapses
 * a post) into {@code dir} with the product's layout, and, for the kernel's share, generates the same rows without
 * writing them. Reports the median over {@code iterations} after {@code warmup} runs.
 *
 * <p>{@code SliceWriterHarness [posts=10000] [iterations=5] [warmup=2] [weight=double|float] [compression=snappy] [dir=/tmp/...]}
 */
public final class SliceWriterHarness {
    private SliceWriterHarness() {
    }

    public static void main(String[] args) throws IOException {
        int posts = 10_000;
        int iterations = 5;
        int warmup = 2;
        WeightType weightType = WeightType.DOUBLE;
        String compression = ParquetLayout.DEFAULT_COMPRESSION;
        Path dir = Files.createTempDirectory("slice-writer-harness");
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "posts" -> posts = Integer.parseInt(kv[1]);
                case "iterations" -> iterations = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "weight" -> weightType = WeightType.parse(kv[1]);
                case "dir" -> dir = Path.of(kv[1]);
                case "compression" -> compression = kv[1];
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        ConnectomeModel model = ConnectomeModel.withProbability(100_000, 0.01, 0.8, 1.0, 1.0, 1, 1,
                AutapsePolicy.REPAIR, Topology.RANDOM, 7L);
        ParquetLayout layout = new ParquetLayout(compression, 1L << 25, 128L << 20);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> kernel = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        for (int i = 0; i < warmup + iterations; i++) {
            long start = threads.getCurrentThreadCpuTime();
            rows = drain(new RecurrentEdges(model, 0, posts));
            double kernelNs = (threads.getCurrentThreadCpuTime() - start) / (double) rows;
            Path table = Files.createDirectories(dir.resolve("run-" + i).resolve("recurrent"));
            Path attempts = Files.createDirectories(dir.resolve("run-" + i).resolve("_attempts"));
            SliceFiles files = new SliceFiles(table.toUri().toString(), attempts.toUri().toString(), 0, 5, 3, false);
            start = threads.getCurrentThreadCpuTime();
            new SliceWriter(new Configuration(), layout).writeEdges(EdgeTable.RECURRENT, weightType,
                    new RecurrentEdges(model, 0, posts), files, "harness", n -> { });
            double totalNs = (threads.getCurrentThreadCpuTime() - start) / (double) rows;
            try (var list = Files.list(table)) {
                bytes = list.mapToLong(path -> path.toFile().length()).sum();
            }
            if (i >= warmup) {
                kernel.add(kernelNs);
                total.add(totalNs);
            }
            System.out.printf(Locale.ROOT, "%s run %d: %,d rows, kernel %.1f ns/row, kernel + writer %.1f ns/row,"
                    + " %.2f bytes/row%n", i < warmup ? "warm-up" : "measured", i, rows, kernelNs, totalNs,
                    (double) bytes / rows);
        }
        double k = median(kernel);
        double t = median(total);
        System.out.printf(Locale.ROOT, "median of %d: kernel %.1f ns/row, kernel + writer %.1f ns/row, writer %.1f"
                + " ns/row of CPU (one thread, %s weights)%n", iterations, k, t, t - k, weightType.cliName());
    }

    private static long drain(RecurrentEdges edges) {
        int[] first = new int[8192];
        int[] second = new int[8192];
        double[] weight = new double[8192];
        long rows = 0;
        for (int n; (n = edges.fill(first, second, weight, 8192)) > 0; ) {
            rows += n;
        }
        return rows;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }
}
