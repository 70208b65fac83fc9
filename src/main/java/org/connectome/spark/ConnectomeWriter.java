package org.connectome.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.output.Manifest;
import org.connectome.output.OutputLocation;

/**
 * Writes a connectome: each table is a plain Parquet write of the {@code connectome} source into a staging
 * directory, the manifest goes last, and one rename publishes the whole (SPEC 4).
 */
public final class ConnectomeWriter {
    /** Runs before Hadoop closes its file systems at shutdown, so an interrupted run still cleans up. */
    private static final int CLEANUP_HOOK_PRIORITY = 20;

    private final SparkSession spark;
    private final PrintStream console;
    private final ParquetLayout layout;

    public ConnectomeWriter(SparkSession spark, PrintStream console, ParquetLayout layout) {
        this.spark = spark;
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
     * Generates and publishes the connectome at {@code out}.
     *
     * @throws org.connectome.model.InvalidParameterException before anything is written, for a user error
     */
    public Result write(SourceOptions source, String out, boolean overwrite) {
        ConnectomeModel model = source.model();
        ConnectomeSource.requireRepairable(model);
        long startNanos = System.nanoTime();
        String started = Manifest.now();
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        OutputLocation location = OutputLocation.prepare(out, overwrite, hadoopConf);
        Runnable cleanup = location::discard;
        ShutdownHookManager.get().addShutdownHook(cleanup, CLEANUP_HOOK_PRIORITY);
        SparkContext context = spark.sparkContext();
        Progress progress = new Progress(console, 5_000);
        context.addSparkListener(progress);
        try {
            Map<EdgeTable, Long> rows = new EnumMap<>(EdgeTable.class);
            Map<EdgeTable, Long> bytes = new EnumMap<>(EdgeTable.class);
            Map<String, Object> partitions = new LinkedHashMap<>();
            for (EdgeTable table : EdgeTable.values()) {
                partitions.put(table.tableName(),
                        new ConnectomeScan(source.withTable(table)).planInputPartitions().length);
            }
            progress.begin(EdgeTable.RECURRENT.tableName(), model.synapses());
            // The tables are written concurrently: the small ones' jobs then cost no wall time of their own.
            ExecutorService writers = Executors.newFixedThreadPool(EdgeTable.values().length);
            try {
                Map<EdgeTable, Future<Long>> writes = new EnumMap<>(EdgeTable.class);
                for (EdgeTable table : EdgeTable.values()) {
                    writes.put(table, writers.submit(() -> writeTable(source.withTable(table), location)));
                }
                Throwable failure = null;
                for (Map.Entry<EdgeTable, Future<Long>> write : writes.entrySet()) {
                    try {
                        rows.put(write.getKey(), write.getValue().get());
                    } catch (ExecutionException e) {
                        failure = failure == null ? e.getCause() : failure;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while writing the tables", e);
                    }
                }
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                } else if (failure != null) {
                    throw new IllegalStateException(failure.getMessage(), failure);
                }
            } finally {
                writers.shutdownNow();
            }
            for (EdgeTable table : EdgeTable.values()) {
                bytes.put(table, location.fileSystem().getContentSummary(location.stagedTable(table)).getLength());
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("started", started);
            run.put("finished", Manifest.now());
            run.put("seconds", seconds);
            run.put("spark_version", spark.version());
            run.put("master", context.master());
            run.put("application_id", context.applicationId());
            run.put("partitions", partitions);
            run.put("block_rows", source.blockRows());
            run.put("parquet", layout.describe());
            Manifest manifest = new Manifest(model, rows, run);
            manifest.write(location.fileSystem(), location.stagedManifest());
            location.publish();
            return new Result(manifest, location.target().toString(), bytes, seconds);
        } catch (IOException e) {
            location.discard();
            throw new UncheckedIOException(e);
        } catch (Exception | Error e) { // also Spark's checked SparkException, which Scala code throws undeclared
            location.discard();
            throw e;
        } finally {
            context.removeSparkListener(progress);
            ShutdownHookManager.get().removeShutdownHook(cleanup);
        }
    }

    /** Writes one table into the staging directory and checks its row count; returns the rows. */
    private long writeTable(SourceOptions tableSource, OutputLocation location) throws IOException {
        EdgeTable table = tableSource.table();
        spark.sparkContext().setJobDescription("connectome: write " + table.tableName());
        spark.read().format(ConnectomeSource.SHORT_NAME).options(tableSource.toMap()).load()
                .write().mode(SaveMode.ErrorIfExists).options(layout.writeOptions(table))
                .parquet(location.stagedTable(table).toString());
        long written = location.stagedRows(table);
        long expected = tableSource.model().rowCount(table);
        if (written != expected) {
            throw new IllegalStateException("the " + table.tableName() + " table has " + written
                    + " rows instead of " + expected);
        }
        return written;
    }
}
