package org.connectome.stats;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;

/**
 * Measures a written connectome with Spark SQL on its views (see {@link ConnectomeTables}), then judges it
 * with {@link Checks}.
 *
 * <p>Five jobs, submitted together (Spark runs the jobs of several threads side by side, which hides the
 * fixed cost of each small job). On the recurrent table: one read of each file in order, without a shuffle
 * ({@link RecurrentScan}: counts, ids, autapses, weight moments per population, duplicates as adjacent equal
 * cells, in-degrees, and out-degrees in an array per file while N is small enough, else by an aggregate by pre
 * whose partial aggregation shuffles at most N rows per task). One aggregate each for the input, output and
 * neurons tables.
 */
public final class ConnectomeStats {
    /** Any finite double has |x| <= this; NaN compares above it in Spark SQL, and so does infinity. */
    private static final String FINITE = "ABS(weight) <= 1.7976931348623157E308";
    /** Queries in flight at once. */
    private static final int CONCURRENT_QUERIES = 6;
    private static final String IN_RANGE = "post >= 0 AND post < :n AND pre >= 0 AND pre < :n";

    private ConnectomeStats() {
    }

    /** The report lines of the connectome. */
    public static List<Check> check(ConnectomeTables tables) {
        return Checks.evaluate(tables.manifest(), measure(tables));
    }

    /** The report lines of measurements. */
    public static List<Check> check(ConnectomeTables tables, Measurements measurements) {
        return Checks.evaluate(tables.manifest(), measurements);
    }

    public static Measurements measure(ConnectomeTables tables) {
        return measureAll(tables).measurements();
    }

    /**
     * The measurements and what they were made of: the recurrent table's first-pass aggregates (which the report
     * draws and bins in a second pass) and the out-degree histogram (neurons per out-degree, zeros included).
     */
    public record Measured(Measurements measurements, RecurrentScan.Result recurrent, SortedMap<Long, Long> outDegree) {
    }

    public static Measured measureAll(ConnectomeTables tables) {
        SparkSession session = tables.session();
        ConnectomeModel model = tables.manifest().model();
        long n = model.neurons();
        double m = (double) model.synapses() / n;
        Map<String, Object> args = Map.of("n", n, "ne", (long) model.excitatoryNeurons(), "m", m);

        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_QUERIES, runnable -> {
            Thread thread = new Thread(runnable, "connectome-stats");
            thread.setDaemon(true);
            return thread;
        });
        try {
            RunSettings settings = RunSettings.of(model);
            CompletableFuture<RecurrentScan.Result> scan = CompletableFuture.supplyAsync(() -> {
                session.sparkContext().setJobDescription("connectome stats: recurrent, file by file");
                return RecurrentScan.firstPass(tables, settings);
            }, pool);
            CompletableFuture<Row> input = dense(pool, session, EdgeTable.INPUT, n, model.inputs());
            CompletableFuture<Row> output = dense(pool, session, EdgeTable.OUTPUT, model.outputs(), n);
            CompletableFuture<Row> neurons = query(pool, session, "neurons", "SELECT COUNT(*), COUNT(DISTINCT id), "
                    + "COALESCE(SUM(CASE WHEN id IS NULL OR id < 0 OR id >= :n THEN 1 ELSE 0 END), 0), "
                    + "COALESCE(SUM(CASE WHEN population IS NULL OR population <> (CASE WHEN id < :ne THEN 'E'"
                    + " ELSE 'I' END) THEN 1 ELSE 0 END), 0) FROM neurons", args);

            RecurrentScan.Result recurrent = get(scan);
            RecurrentAggregates a = recurrent.aggregates();
            SortedMap<Long, Long> outDegree = a.outDegree() != null ? a.outDegree() : outDegrees(session, n, args);
            Row d = get(neurons);
            Measurements measurements = new Measurements(tables.schemas(),
                    new Measurements.TableCounts(a.rows(), a.invalid(), a.outside(), a.duplicates()),
                    denseCounts(get(input)), denseCounts(get(output)), a.autapses(),
                    Measurements.Degrees.of(a.inDegree(), m), Measurements.Degrees.of(outDegree, m),
                    a.excitatoryWeights(), a.inhibitoryWeights(), a.weightSum(), moments(get(input), 3),
                    moments(get(output), 3),
                    new Measurements.NeuronCounts(d.getLong(0), d.getLong(1), d.getLong(2), d.getLong(3)));
            return new Measured(measurements, recurrent, outDegree);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Pres per out-degree by an aggregate by pre (partial aggregation shuffles at most N rows per task). */
    private static SortedMap<Long, Long> outDegrees(SparkSession session, long n, Map<String, Object> args) {
        session.sparkContext().setJobDescription("connectome stats: recurrent out-degrees");
        SortedMap<Long, Long> histogram = new TreeMap<>();
        for (Row row : session.sql("SELECT k, COUNT(*) FROM (SELECT pre, COUNT(*) AS k FROM recurrent WHERE "
                + IN_RANGE + " GROUP BY pre) pres GROUP BY k", args).collectAsList()) {
            histogram.put(row.getLong(0), row.getLong(1));
        }
        session.sparkContext().setJobDescription(null);
        long nonEmpty = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (nonEmpty < n) {
            histogram.merge(0L, n - nonEmpty, Long::sum);
        }
        return histogram;
    }

    /**
     * Input or output, a complete first x second grid of weights: rows, invalid rows, ids outside, then
     * count, mean and std of the weights, then duplicates (rows with both ids beyond the distinct pairs).
     */
    private static CompletableFuture<Row> dense(ExecutorService pool, SparkSession session, EdgeTable table,
            long firstSize, long secondSize) {
        String first = table.firstColumn();
        String second = table.secondColumn();
        return query(pool, session, table.tableName(), "SELECT COUNT(*), "
                + "COALESCE(SUM(CASE WHEN " + first + " IS NULL OR " + second + " IS NULL OR weight IS NULL OR NOT ("
                + FINITE + ") THEN 1 ELSE 0 END), 0), "
                + "COALESCE(SUM(CASE WHEN " + first + " < 0 OR " + first + " >= :first OR " + second + " < 0 OR "
                + second + " >= :second THEN 1 ELSE 0 END), 0), "
                + "COUNT(weight), AVG(weight), STDDEV_SAMP(weight), "
                + "COUNT(CASE WHEN " + first + " IS NOT NULL AND " + second + " IS NOT NULL THEN 1 END)"
                + " - COUNT(DISTINCT " + first + ", " + second + ") FROM " + table.tableName(),
                Map.of("first", firstSize, "second", secondSize));
    }

    private static Measurements.TableCounts denseCounts(Row row) {
        return new Measurements.TableCounts(row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(6));
    }

    private static Measurements.Moments moments(Row row, int index) {
        return new Measurements.Moments(row.getLong(index), doubleOrNaN(row, index + 1), doubleOrNaN(row, index + 2));
    }

    private static double doubleOrNaN(Row row, int index) {
        return row.isNullAt(index) ? Double.NaN : ((Number) row.get(index)).doubleValue();
    }

    /** Runs a one-row query on the pool, its jobs described for the Spark UI. */
    private static CompletableFuture<Row> query(ExecutorService pool, SparkSession session, String what, String sql,
            Map<String, Object> args) {
        return CompletableFuture.supplyAsync(() -> {
            session.sparkContext().setJobDescription("connectome stats: " + what);
            try {
                return session.sql(sql, args).collectAsList().get(0);
            } finally {
                session.sparkContext().setJobDescription(null);
            }
        }, pool);
    }

    /** The result, or the query's own exception (Spark's are often checked exceptions thrown undeclared). */
    static <T> T get(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }
}
