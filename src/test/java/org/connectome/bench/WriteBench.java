package org.connectome.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.ModelOptions;
import org.connectome.model.Topology;
import org.connectome.output.DirectIo;
import org.connectome.spark.ConnectomeSource;
import org.connectome.spark.ConnectomeWriter;
import org.connectome.parquet.ParquetLayout;
import org.connectome.spark.SourceOptions;

/**
 * The Spark half of {@code bench/run}: in one warm JVM and one Spark session (the launcher's settings), times
 * <ul>
 *   <li>{@code floor}: Spark writing M rows of the recurrent schema from {@link FloorSource} with the product's
 *       Parquet settings and partitioning;</li>
 *   <li>{@code recurrent}: the {@code connectome} source's recurrent table written the same way (floor + kernel);</li>
 *   <li>{@code generate}: {@link ConnectomeWriter}, the whole job {@code connectome generate} runs: four tables,
 *       row-count checks, manifest, publication;</li>
 *   <li>{@code generate_local}: the same job on the local engine (no Spark), as {@code connectome generate} runs it,
 *       and {@code generate_local_direct} with {@code --direct-io on} (not run by bench/run: the cost of the page
 *       cache, {@code kinds=generate_local,generate_local_direct});</li>
 *   <li>{@code generate-scaled}: the same N_syn over {@code scale} times more neurons.</li>
 * </ul>
 * After a warm-up (JIT and Spark's first-job cost, which a long run pays once), the measurements run in rounds
 * in a rotating order, so drift of the machine's speed hits each alike; the report gives medians and the ratio
 * of medians. Also reports peak heap occupancy (from GC notifications) and peak RSS.
 *
 * <p>Arguments {@code key=value}: {@code mode} (compare, or sweep: Parquet settings, floor and recurrent),
 * {@code synapses}, {@code neurons}, {@code scale}, {@code repeats}, {@code dir}, and for sweep {@code variants}.
 * Prints {@code bench key value} lines that bench/run formats.
 */
public final class WriteBench {
    private static final AtomicLong PEAK_HEAP = new AtomicLong();
    /** keep=true leaves the last output of each kind for inspection (ParquetFooter). */
    private static boolean keep;

    private final SparkSession spark;
    private final Path dir;
    private final Properties defaults = ModelOptions.defaults();
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    private WriteBench(SparkSession spark, Path dir) {
        this.spark = spark;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        watchHeap();
        keep = Boolean.parseBoolean(options.getOrDefault("keep", "false"));
        Path dir = Paths.get(options.getOrDefault("dir", "/tmp/connectome-bench"));
        Files.createDirectories(dir);
        SparkSession spark = SparkSession.builder().appName("connectome bench").getOrCreate();
        try {
            WriteBench bench = new WriteBench(spark, dir);
            String mode = options.getOrDefault("mode", "compare");
            if (mode.equals("compare")) {
                bench.compare(options);
            } else if (mode.equals("profile")) {
                bench.profile(options);
            } else if (mode.equals("sweep")) {
                bench.sweep(options);
            } else {
                throw new IllegalArgumentException("mode must be compare or sweep");
            }
            print("heap_max_bytes", Runtime.getRuntime().maxMemory());
            print("heap_peak_bytes", PEAK_HEAP.get());
            print("rss_peak_bytes", peakRss());
            print("cores", spark.sparkContext().defaultParallelism());
        } finally {
            spark.stop();
        }
    }

    private void compare(Map<String, String> options) {
        long synapses = (long) Double.parseDouble(options.getOrDefault("synapses", "1e8"));
        long neurons = (long) Double.parseDouble(options.getOrDefault("neurons", "1e5"));
        long scale = Long.parseLong(options.getOrDefault("scale", "10"));
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));
        ParquetLayout layout = defaultLayout();
        ConnectomeModel model = model(neurons, synapses);
        ConnectomeModel scaled = model(neurons * scale, synapses);

        // Warm-up: the first job of a JVM costs seconds (class loading, JIT); a long run pays it once.
        long warm = Math.min(synapses, 20_000_000L);
        List<String> kinds = List.of(options.getOrDefault("kinds", "floor,generate,generate_local,generate_scaled")
                .split(","));
        for (String kind : kinds) {
            run(kind, model(neurons, warm), model(neurons, warm), layout);
        }
        // The driver's planning and checking code takes a few small runs to compile.
        for (int i = 0; i < 3; i++) {
            generate(model(Math.min(neurons, 10_000), 1_000_000), layout);
        }

        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        for (String kind : kinds) {
            seconds.put(kind, new ArrayList<>());
            cpu.put(kind, new ArrayList<>());
        }
        long[] bytes = new long[1];
        for (int round = 0; round < repeats; round++) {
            for (int i = 0; i < kinds.size(); i++) {
                String kind = kinds.get((i + round) % kinds.size());
                long cpuStart = processCpuNanos();
                Measured m = run(kind, model, scaled, layout);
                seconds.get(kind).add(m.seconds);
                cpu.get(kind).add((processCpuNanos() - cpuStart) / 1e9);
                if (kind.equals("generate")) {
                    bytes[0] = m.bytes;
                }
                System.err.printf(Locale.ROOT, "bench: round %d %-16s %7.2f s%n", round + 1, kind, m.seconds);
            }
        }
        print("synapses", synapses);
        print("neurons", neurons);
        print("neurons_scaled", neurons * scale);
        print("repeats", repeats);
        for (String kind : kinds) {
            print(kind + "_seconds", median(seconds.get(kind)));
            print(kind + "_min_seconds", min(seconds.get(kind)));
            print(kind + "_cpu_seconds", median(cpu.get(kind)));
            print(kind + "_min_cpu_seconds", min(cpu.get(kind)));
            print(kind + "_all_seconds", seconds.get(kind).toString().replace(" ", ""));
        }
        print("recurrent_bytes", bytes[0]);
        print("kinds", String.join(",", kinds));
        print("layout", layout.describe().toString().replace(" ", ""));
    }

    /** One kind of run (floor, recurrent, generate) repeated, for a profiler attached to this JVM. */
    private void profile(Map<String, String> options) {
        long synapses = (long) Double.parseDouble(options.getOrDefault("synapses", "1e7"));
        long neurons = (long) Double.parseDouble(options.getOrDefault("neurons", "1e4"));
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));
        String kind = options.getOrDefault("kind", "generate");
        ConnectomeModel model = model(neurons, synapses);
        ParquetLayout layout = defaultLayout();
        Map<String, String> extra = new LinkedHashMap<>();
        for (String setting : options.getOrDefault("set", "").split(",")) {
            if (!setting.isBlank()) {
                String[] kv = setting.split("=", 2);
                extra.put(kv[0], kv[1]);
            }
        }
        if (Boolean.parseBoolean(options.getOrDefault("tasks", "false"))) {
            spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
                private final Map<Integer, Long> started = new java.util.concurrent.ConcurrentHashMap<>();

                @Override
                public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
                    started.put(start.jobId(), start.time());
                    System.err.printf(Locale.ROOT, "job %d start %d %s%n", start.jobId(), start.time() % 1_000_000,
                            start.properties().getProperty("spark.job.description", "?"));
                }

                @Override
                public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd end) {
                    System.err.printf(Locale.ROOT, "job %d end %d took %d ms%n", end.jobId(), end.time() % 1_000_000,
                            end.time() - started.getOrDefault(end.jobId(), end.time()));
                }

                @Override
                public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                    var info = end.taskInfo();
                    var metrics = end.taskMetrics();
                    System.err.printf(Locale.ROOT, "task stage %d #%d launch %d dur %d ms run %d ms cpu %d ms gc %d ms rows %d%n",
                            end.stageId(), info.index(), info.launchTime() % 1_000_000, info.duration(),
                            metrics.executorRunTime(), metrics.executorCpuTime() / 1_000_000, metrics.jvmGCTime(),
                            metrics.outputMetrics().recordsWritten());
                }
            });
        }
        for (int i = 0; i < repeats; i++) {
            long cpuStart = processCpuNanos();
            Measured m = switch (kind) {
                case "floor" -> floor(model, layout, extra);
                case "recurrent" -> recurrent(model, layout, extra);
                default -> generate(model, layout);
            };
            System.err.printf(Locale.ROOT, "bench: %s %.2f s %.2f cpu-s (ends %d)%n", kind, m.seconds,
                    (processCpuNanos() - cpuStart) / 1e9, System.currentTimeMillis() % 1_000_000);
        }
    }

    /**
     * Parquet settings: each variant (name:key=value,key=value) written by the floor and by the connectome's
     * recurrent table, in rotating order; reports seconds and bytes per row.
     */
    private void sweep(Map<String, String> options) {
        long synapses = (long) Double.parseDouble(options.getOrDefault("synapses", "3e7"));
        long neurons = (long) Double.parseDouble(options.getOrDefault("neurons", "1e5"));
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "2"));
        String source = options.getOrDefault("source", "recurrent");
        ConnectomeModel model = model(neurons, synapses);
        ParquetLayout base = defaultLayout();
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        for (String variant : options.get("variants").split(";")) {
            String[] nameAndSettings = variant.split(":", 2);
            Map<String, String> settings = new LinkedHashMap<>();
            if (nameAndSettings.length > 1 && !nameAndSettings[1].isBlank()) {
                for (String setting : nameAndSettings[1].split(",")) {
                    String[] kv = setting.split("=", 2);
                    settings.put(kv[0], kv[1]);
                }
            }
            variants.put(nameAndSettings[0], settings);
        }
        recurrent(model(neurons, Math.min(synapses, 10_000_000L)), base, Map.of());
        floor(model(neurons, Math.min(synapses, 10_000_000L)), base, Map.of());
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(variants.keySet());
        for (int round = 0; round < repeats; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round) % names.size());
                long cpuStart = processCpuNanos();
                Measured m = source.equals("floor") ? floor(model, base, variants.get(name))
                        : recurrent(model, base, variants.get(name));
                double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                seconds.computeIfAbsent(name, k -> new ArrayList<>()).add(m.seconds);
                cpu.computeIfAbsent(name, k -> new ArrayList<>()).add(cpuSeconds);
                bytes.put(name, m.bytes);
                System.err.printf(Locale.ROOT, "bench: round %d %-24s %7.2f s %7.2f cpu-s %6.2f bytes/row%n",
                        round + 1, name, m.seconds, cpuSeconds, (double) m.bytes / synapses);
            }
        }
        print("synapses", synapses);
        for (String name : names) {
            print("variant " + name + " seconds", median(seconds.get(name)));
            print("variant " + name + " min_seconds", min(seconds.get(name)));
            print("variant " + name + " cpu_seconds", median(cpu.get(name)));
            print("variant " + name + " min_cpu_seconds", min(cpu.get(name)));
            print("variant " + name + " bytes_per_row", String.format(Locale.ROOT, "%.3f",
                    (double) bytes.get(name) / synapses));
            print("variant " + name + " settings", variants.get(name).toString().replace(" ", ""));
        }
    }

    record Measured(double seconds, long bytes) {
    }

    private Measured run(String kind, ConnectomeModel model, ConnectomeModel scaled, ParquetLayout layout) {
        return switch (kind) {
            case "floor" -> floor(model, layout, Map.of());
            case "generate" -> generate(model, layout);
            case "generate_local" -> generateLocal(model, layout, DirectIo.AUTO);
            case "generate_local_direct" -> generateLocal(model, layout, DirectIo.ON);
            case "recurrent" -> recurrent(model, layout, Map.of());
            case "generate_scaled" -> generate(scaled, layout);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }

    /** The whole job on the local engine (a thread per core, no Spark), as submit/connectome runs it. */
    private Measured generateLocal(ConnectomeModel model, ParquetLayout layout, DirectIo directIo) {
        Path out = fresh("generate-local");
        SourceOptions source = source(model);
        long start = System.nanoTime();
        org.connectome.engine.ConnectomeGenerator.Result result = new org.connectome.engine.ConnectomeGenerator(
                new org.connectome.engine.LocalEngine(Runtime.getRuntime().availableProcessors(),
                        spark.sparkContext().hadoopConfiguration()), quiet, layout)
                .write(new org.connectome.engine.GenerateOptions(model, source.weightType(), source.partitions(),
                        source.blockRows(), source.partitionRows(), directIo), out.toString(), false);
        double seconds = (System.nanoTime() - start) / 1e9;
        long recurrentBytes = result.bytes().get(EdgeTable.RECURRENT);
        sizeAndDelete(out);
        return new Measured(seconds, recurrentBytes);
    }

    private ParquetLayout defaultLayout() {
        // As connectome generate builds it (GenerateCommand): codec snappy, conf's max-file-rows.
        return new ParquetLayout("snappy", Long.parseLong(defaults.getProperty("max-file-rows")),
                ParquetLayout.DEFAULT.rowGroupBytes());
    }

    private ConnectomeModel model(long neurons, long synapses) {
        return ConnectomeModel.withSynapseCount(neurons, synapses, 0.8, 1.0, 1.0, 1, 1, AutapsePolicy.REPAIR,
                Topology.RANDOM, 20240601L);
    }

    private SourceOptions source(ConnectomeModel model) {
        return new SourceOptions(model, EdgeTable.RECURRENT, 0, Long.parseLong(defaults.getProperty("block-rows")),
                Long.parseLong(defaults.getProperty("partition-rows")));
    }

    /** The partition count the connectome source chooses (ConnectomeScan.partitionCount). */
    private int partitions(long rows) {
        long partitionRows = Long.parseLong(defaults.getProperty("partition-rows"));
        int parallelism = spark.sparkContext().defaultParallelism();
        long wanted = (rows + partitionRows - 1) / partitionRows;
        long rounded = (wanted + parallelism - 1) / parallelism * parallelism;
        return (int) Math.min(Math.max(rounded, parallelism), 1_000_000);
    }

    private Measured floor(ConnectomeModel model, ParquetLayout layout, Map<String, String> extra) {
        Path out = fresh("floor");
        Map<String, String> writeOptions = new LinkedHashMap<>(layout.writeOptions(EdgeTable.RECURRENT));
        writeOptions.putAll(extra);
        String columnar = writeOptions.getOrDefault("columnar", "true");
        writeOptions.remove("columnar");
        long start = System.nanoTime();
        spark.read().format(FloorSource.class.getName())
                .option("rows", model.synapses()).option("neurons", model.neurons())
                .option("partitions", partitions(model.synapses())).option("columnar", columnar).load()
                .write().mode(SaveMode.ErrorIfExists).options(writeOptions).parquet(out.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measured(seconds, sizeAndDelete(out));
    }

    private Measured recurrent(ConnectomeModel model, ParquetLayout layout, Map<String, String> extra) {
        Path out = fresh("recurrent");
        Map<String, String> writeOptions = new LinkedHashMap<>(layout.writeOptions(EdgeTable.RECURRENT));
        writeOptions.putAll(extra);
        long start = System.nanoTime();
        spark.read().format(ConnectomeSource.SHORT_NAME).options(source(model).toMap()).load()
                .write().mode(SaveMode.ErrorIfExists).options(writeOptions).parquet(out.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measured(seconds, sizeAndDelete(out));
    }

    private Measured generate(ConnectomeModel model, ParquetLayout layout) {
        Path out = fresh("generate");
        long start = System.nanoTime();
        org.connectome.engine.ConnectomeGenerator.Result result = new ConnectomeWriter(spark, quiet, layout)
                .write(source(model), out.toString(), false);
        double seconds = (System.nanoTime() - start) / 1e9;
        long recurrentBytes = result.bytes().get(EdgeTable.RECURRENT);
        sizeAndDelete(out);
        return new Measured(seconds, recurrentBytes);
    }

    private Path fresh(String name) {
        Path out = dir.resolve(name);
        delete(out, true);
        return out;
    }

    /** Bytes of the Parquet files under {@code path}; deletes it unless keep=true. */
    private static long sizeAndDelete(Path path) {
        return delete(path, !keep);
    }

    private static long delete(Path path, boolean delete) {
        if (!Files.exists(path)) {
            return 0;
        }
        long[] bytes = new long[1];
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".parquet")) {
                    bytes[0] += Files.size(p);
                }
                if (delete) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes[0];
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static void print(String key, Object value) {
        System.out.println("bench " + key + " " + value);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Peak heap occupancy: the heap in use just before each collection, the largest seen. */
    private static void watchHeap() {
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = 0;
                for (MemoryUsage usage : info.getGcInfo().getMemoryUsageBeforeGc().values()) {
                    used += usage.getUsed();
                }
                // Non-heap pools (metaspace, code cache) are in the map too; subtract them.
                for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() != java.lang.management.MemoryType.HEAP) {
                        MemoryUsage before = info.getGcInfo().getMemoryUsageBeforeGc().get(pool.getName());
                        if (before != null) {
                            used -= before.getUsed();
                        }
                    }
                }
                PEAK_HEAP.accumulateAndGet(used, Math::max);
            }, null, null);
        }
    }

    /** VmHWM of /proc/self/status (Linux), or -1. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
