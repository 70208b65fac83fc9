package org.connectome.stats;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;
import org.connectome.model.EdgeTable;

/**
 * Measures the recurrent table in {@link RecurrentRun runs} without a shuffle: one Spark task per Parquet file
 * reads it front to back ({@link ParquetRunReader}), and the driver joins the runs in table order
 * ({@link RecurrentAggregates}). The tables are written sorted by (post, pre) within and across files (SPEC 4),
 * so duplicates are adjacent rows and each post's synapses consecutive; Spark's own scan promises no order,
 * hence the reader of our own.
 *
 * <p>A table that is not in order (rewritten by another tool, or corrupted), or whose files have other column
 * types, is measured over a sorted copy instead ({@code ORDER BY post, pre}: a shuffle, but the same numbers).
 */
public final class RecurrentScan {
    private RecurrentScan() {
    }

    /** The first pass's aggregates and the rows they came from (the second pass reads the same rows). */
    public record Result(RecurrentAggregates aggregates, boolean fromFiles, boolean delays) {
    }

    /** The first pass: counts, moments, cells, in-degrees, blocks, ranges. */
    public static Result firstPass(ConnectomeTables tables, RunSettings settings) {
        boolean delays = Arrays.asList(tables.table(EdgeTable.RECURRENT).columns()).contains("delay");
        String[] files = tables.table(EdgeTable.RECURRENT).inputFiles();
        RunSettings perFile = settings.withRuns(Math.max(1, files.length));
        List<RecurrentRun> runs = fromFiles(tables, perFile, delays);
        if (runs != null) {
            RecurrentAggregates aggregates = RecurrentAggregates.of(perFile, runs);
            if (aggregates.sorted()) {
                return new Result(aggregates, true, delays);
            }
        }
        Dataset<Row> sorted = sortedCopy(tables, delays);
        RunSettings perPartition = settings.withRuns(sorted.rdd().getNumPartitions());
        return new Result(RecurrentAggregates.of(perPartition, measure(sorted, perPartition, delays)), false,
                delays);
    }

    /** The second pass over the same rows: the bins of {@code binning}. */
    public static RecurrentAggregates.Bins secondPass(ConnectomeTables tables, Result first,
            RunSettings.Binning binning) {
        RunSettings settings = first.aggregates().settings().withBinning(binning);
        List<RecurrentRun> runs = first.fromFiles() ? fromFiles(tables, settings, first.delays())
                : measure(sortedCopy(tables, first.delays()), settings, first.delays());
        if (runs == null) {
            throw new IllegalStateException("the recurrent table's files changed while it was measured");
        }
        return first.aggregates().bins(runs);
    }

    /** One run per file, or null when a file's columns are not of the types the reader takes. */
    private static List<RecurrentRun> fromFiles(ConnectomeTables tables, RunSettings settings, boolean delays) {
        String[] files = tables.table(EdgeTable.RECURRENT).inputFiles();
        if (files.length == 0) {
            return List.of(new RecurrentRun(settings).finish());
        }
        SparkContext context = tables.session().sparkContext();
        Broadcast<SerializableConfiguration> conf = SerializableConfiguration.broadcast(context,
                context.hadoopConfiguration());
        List<RecurrentRun> runs = JavaSparkContext.fromSparkContext(context)
                .parallelize(Arrays.asList(files), files.length)
                .map(file -> {
                    TaskContext task = TaskContext.get();
                    try {
                        return ParquetRunReader.read(conf.value().value(), file, settings, delays,
                                task::killTaskIfInterrupted);
                    } catch (ParquetRunReader.UnsupportedLayoutException e) {
                        return null;
                    }
                })
                .collect();
        return runs.contains(null) ? null : runs;
    }

    /** The table sorted by (post, pre), weights (and delays) as doubles. */
    private static Dataset<Row> sortedCopy(ConnectomeTables tables, boolean delays) {
        return tables.session().sql("SELECT post, pre, CAST(weight AS DOUBLE) AS weight"
                + (delays ? ", CAST(delay AS DOUBLE) AS delay" : "") + " FROM recurrent ORDER BY post, pre");
    }

    /** One run per partition of a sorted copy. */
    private static List<RecurrentRun> measure(Dataset<Row> sorted, RunSettings settings, boolean delays) {
        FlatMapFunction<Iterator<Row>, RecurrentRun> measure = rows -> {
            RecurrentRun run = new RecurrentRun(settings);
            while (rows.hasNext()) {
                Row row = rows.next();
                run.add(id(row, 0), id(row, 1), row.isNullAt(2) ? Double.NaN : row.getDouble(2), row.isNullAt(2),
                        !delays || row.isNullAt(3) ? Double.NaN : row.getDouble(3));
            }
            return List.of(run.finish()).iterator();
        };
        return sorted.javaRDD().mapPartitions(measure).collect();
    }

    private static long id(Row row, int index) {
        return row.isNullAt(index) ? RecurrentRun.NULL_ID : ((Number) row.get(index)).longValue();
    }
}
