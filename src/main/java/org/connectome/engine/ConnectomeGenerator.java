package org.connectome.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.connectome.kernel.FullRowException;
import org.connectome.kernel.Slice;
import org.connectome.kernel.SplitTree;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.WeightType;
import org.connectome.output.Manifest;
import org.connectome.output.OutputLocation;
import org.connectome.parquet.FileSystemInputFile;
import org.connectome.parquet.ParquetLayout;
import org.connectome.parquet.SliceFiles;
import org.connectome.parquet.WrittenFile;

/**
 * Writes a connectome with an engine: plans every table's slices, lets the engine run them, checks every file
 * the tasks published (its footer's row count, nothing missing, nothing else in the table's directory, each
 * table's total), writes connectome.json last and publishes the whole by one rename (SPEC 4).
 */
public final class ConnectomeGenerator {
    /** Runs before Hadoop closes its file systems at shutdown, so an interrupted run still cleans up. */
    private static final int CLEANUP_HOOK_PRIORITY = 20;
    /** Where attempts write their unfinished files, inside the staging directory and outside every table. */
    static final String ATTEMPTS = "_attempts";

    private final Engine engine;
    private final PrintStream console;
    private final ParquetLayout layout;

    public ConnectomeGenerator(Engine engine, PrintStream console, ParquetLayout layout) {
        this.engine = engine;
        this.console = console;
        this.layout = layout;
    }

    /** What a finished run wrote. */
    public record Result(Manifest manifest, String target, Map<EdgeTable, Long> bytes, double seconds) {
        public long totalBytes() {
            return bytes.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Fails before any task runs when {@code repair} meets a full row: found on the driver by walking only the
     * split-tree nodes that hold at least N synapses.
     */
    public static void requireRepairable(ConnectomeModel model) {
        if (model.network() != null) {
            org.connectome.kernel.ProjectionTree.requireRepairable(model.network(), model.seed());
        } else if (model.autapses() == AutapsePolicy.REPAIR) {
            int row = new SplitTree(model).firstFullRow();
            if (row >= 0) {
                throw new FullRowException(row, model.neurons());
            }
        }
    }

    /**
     * Generates and publishes the connectome at {@code out}.
     *
     * @throws org.connectome.model.InvalidParameterException before anything is written, for a user error
     * @throws RunInterruptedException when the JVM is shutting down (the cleanup hook has said so)
     */
    public Result write(GenerateOptions options, String out, boolean overwrite) {
        ConnectomeModel model = options.model();
        requireRepairable(model);
        long startNanos = System.nanoTime();
        String started = Manifest.now();
        OutputLocation location = OutputLocation.prepare(out, overwrite, engine.hadoopConfiguration());
        Runnable cleanup = () -> {
            engine.cancel();
            location.discard();
            console.println("connectome: interrupted; removed the unfinished output, " + location.target()
                    + " was not written");
        };
        ShutdownHookManager.get().addShutdownHook(cleanup, CLEANUP_HOOK_PRIORITY);
        try {
            FileSystem fileSystem = location.fileSystem();
            Path attempts = new Path(location.stagedTable(EdgeTable.RECURRENT).getParent(), ATTEMPTS);
            List<SliceTask> tasks = new ArrayList<>();
            Map<String, Object> partitions = new LinkedHashMap<>();
            boolean directWrites = options.directIo().applies(expectedBytes(model, options.weightType()));
            for (EdgeTable table : EdgeTable.values()) {
                Path tableDir = location.stagedTable(table);
                fileSystem.mkdirs(tableDir);
                List<Slice> slices = Slice.plan(model, table, options.blockRows(),
                        options.slices(table, engine.parallelism()));
                partitions.put(table.tableName(), slices.size());
                long rows = model.rowCount(table);
                int sliceDigits = SliceFiles.digits(slices.size(), 5);
                int fileDigits = SliceFiles.digits((rows + layout.maxFileRows() - 1) / layout.maxFileRows(), 3);
                for (int i = 0; i < slices.size(); i++) {
                    SliceFiles files = new SliceFiles(tableDir.toString(), attempts.toString(), i, sliceDigits,
                            fileDigits, rows == 0);
                    tasks.add(new SliceTask(model, options.weightType(), layout, table, slices.get(i), files,
                            directWrites));
                }
            }
            fileSystem.mkdirs(attempts);
            List<SliceTask.Result> results = engine.run(tasks, new Progress(console, 5_000, model.synapses()));
            Map<EdgeTable, Long> rows = check(results, location, model);
            fileSystem.delete(attempts, true); // what killed attempts left
            Map<EdgeTable, Long> bytes = new EnumMap<>(EdgeTable.class);
            for (EdgeTable table : EdgeTable.values()) {
                bytes.put(table, fileSystem.getContentSummary(location.stagedTable(table)).getLength());
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("started", started);
            run.put("finished", Manifest.now());
            run.put("seconds", seconds);
            run.putAll(engine.describe());
            run.put("partitions", partitions);
            run.put("block_rows", options.blockRows());
            run.put("direct_io", directWrites);
            run.put("parquet", layout.describe());
            Manifest manifest = new Manifest(model, options.weightType(), rows, run);
            manifest.write(fileSystem, location.stagedManifest());
            location.publish();
            return new Result(manifest, location.target().toString(), bytes, seconds);
        } catch (Exception | Error e) {
            if (ShutdownHookManager.get().isShutdownInProgress()) {
                throw new RunInterruptedException(e);
            }
            location.discard();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (e instanceof RuntimeException || e instanceof Error) {
                throw sneaky(e);
            }
            throw new IllegalStateException(e.getMessage(), e); // Spark's checked SparkException, undeclared
        } finally {
            if (!ShutdownHookManager.get().isShutdownInProgress()) {
                ShutdownHookManager.get().removeShutdownHook(cleanup);
            }
        }
    }

    /**
     * About the bytes the tables take, for {@link org.connectome.output.DirectIo}: a weight and about a byte of
     * delta-packed ids a row (a delay column, where there is one, is not counted: the estimate only has to tell a
     * page cache's worth from more).
     */
    static long expectedBytes(ConnectomeModel model, WeightType weightType) {
        long bytes = 0;
        for (EdgeTable table : EdgeTable.values()) {
            if (table != EdgeTable.NEURONS) {
                long weightBytes = weightType.of(table) == WeightType.FLOAT ? Float.BYTES : Double.BYTES;
                bytes += model.rowCount(table) * (weightBytes + 1);
            }
        }
        return bytes;
    }

    /**
     * Checks what the tasks published against the staged directories: every reported file exists and its footer
     * holds the reported rows, no other file is in a table's directory, each table has exactly its rows.
     */
    static Map<EdgeTable, Long> check(List<SliceTask.Result> results, OutputLocation location,
            ConnectomeModel model) throws IOException {
        FileSystem fileSystem = location.fileSystem();
        Map<EdgeTable, Long> rows = new EnumMap<>(EdgeTable.class);
        Map<EdgeTable, Map<String, Long>> reported = new EnumMap<>(EdgeTable.class);
        for (EdgeTable table : EdgeTable.values()) {
            reported.put(table, new LinkedHashMap<>());
        }
        for (SliceTask.Result result : results) {
            for (WrittenFile file : result.files()) {
                if (reported.get(result.table()).put(file.name(), file.rows()) != null) {
                    throw new IllegalStateException("two slices of " + result.table().tableName() + " published "
                            + file.name());
                }
            }
        }
        // Built once: ParquetReadOptions.builder() without a configuration makes a new one, parsing Hadoop's XML
        // defaults again for every file.
        ParquetReadOptions footerOptions = HadoopReadOptions.builder(fileSystem.getConf()).build();
        for (EdgeTable table : EdgeTable.values()) {
            Map<String, Long> files = reported.get(table);
            Set<String> found = new TreeSet<>();
            long total = 0;
            for (FileStatus status : fileSystem.listStatus(location.stagedTable(table))) {
                String name = status.getPath().getName();
                found.add(name);
                Long expected = files.get(name);
                if (expected == null) {
                    throw new IllegalStateException("unexpected file " + status.getPath() + " in the "
                            + table.tableName() + " table");
                }
                long footerRows;
                try (ParquetFileReader reader = ParquetFileReader.open(
                        FileSystemInputFile.of(status, fileSystem.getConf()), footerOptions)) {
                    footerRows = reader.getRecordCount();
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException(status.getPath() + " has no readable footer: " + e.getMessage(),
                            e);
                }
                if (footerRows != expected) {
                    throw new IllegalStateException(status.getPath() + " holds " + footerRows + " rows instead of "
                            + expected);
                }
                total += footerRows;
            }
            if (!found.equals(files.keySet())) {
                Set<String> missing = new TreeSet<>(files.keySet());
                missing.removeAll(found);
                throw new IllegalStateException("the " + table.tableName() + " table lacks " + missing);
            }
            long expected = model.rowCount(table);
            if (total != expected) {
                throw new IllegalStateException("the " + table.tableName() + " table has " + total
                        + " rows instead of " + expected);
            }
            rows.put(table, total);
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable e) throws T {
        throw (T) e;
    }
}
