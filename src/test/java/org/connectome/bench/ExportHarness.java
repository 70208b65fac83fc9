package org.connectome.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.connectome.export.ExportFormat;
import org.connectome.export.Exporter;
import org.connectome.output.NioLocalFileSystem;

/**
 * {@code connectome export} in one warm JVM, without the start-up that a fresh process adds: exports a written
 * connectome {@code warmup + iterations} times and prints each run's wall seconds, MB/s, synapses/s and the
 * process's user and system CPU seconds (all threads: decoding, writing, JIT and GC; the system time is mostly
 * the copy into the page cache), so decoding changes can be compared on a shared machine by CPU as well as by
 * wall time. Linux only (/proc/self/stat).
 *
 * <p>{@code ExportHarness CONNECTOME OUT_DIR [format=csr|sonata] [iterations=3] [warmup=1]}
 */
public final class ExportHarness {
    private ExportHarness() {
    }

    public static void main(String[] args) throws IOException {
        String connectome = args[0];
        String out = args[1];
        ExportFormat format = ExportFormat.CSR;
        int iterations = 3;
        int warmup = 1;
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            switch (kv[0]) {
                case "format" -> format = ExportFormat.valueOf(kv[1].toUpperCase(Locale.ROOT));
                case "iterations" -> iterations = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Configuration conf = NioLocalFileSystem.configure(new Configuration());
        for (int i = 0; i < warmup + iterations; i++) {
            long[] cpu = cpuTicks();
            long start = System.nanoTime();
            Exporter.Result result = Exporter.export(connectome, format, out, true, conf);
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] after = cpuTicks();
            System.out.printf(Locale.ROOT, "%s %s: %.2f s wall, %.0f MB/s, %.1f M synapses/s, CPU %.2f s user"
                    + " %.2f s system%n", i < warmup ? "warm-up" : "run", format.name().toLowerCase(Locale.ROOT),
                    seconds, result.totalBytes() / seconds / 1e6, result.synapses() / seconds / 1e6,
                    (after[0] - cpu[0]) / 100.0, (after[1] - cpu[1]) / 100.0);
        }
    }

    /** This process's user and system CPU time in clock ticks (USER_HZ, 100 on Linux). */
    private static long[] cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }
}
