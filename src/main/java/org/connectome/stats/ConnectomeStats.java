package org.connectome.stats;

import java.util.List;
import java.util.Map;
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
 * <p>Six queries, submitted together (Spark runs the jobs of several threads side by side, which hides the
 * fixed cost of each small job). On the recurrent table: one scan with a global aggregate (counts, ids,
 * autapses, weight moments per population); one shuffle of the (post, pre) pairs by post, which serves both
 * the in-degrees and the duplicates; and an aggregate by pre whose partial aggregation shuffles at most N rows
 * per task (out-degrees). One aggregate each for the input, output and neurons tables.
 */
public final class ConnectomeStats {
    /** Any finite double has |x| <= this; NaN compares above it in Spark SQL, and so does infinity. */
    private static final String FINITE = "ABS(weight) <= 1.7976931348623157E308";
    /** Queries in flight at once. */
    private static final int CONCURRENT_QUERIES = 6;

    private ConnectomeStats() {
    }

    /** The report lines of the connectome. */
    public static List<Check> check(ConnectomeTables tables) {
        return Checks.evaluate(tables.manifest(), measure(tables));
    }

    public static Measurements measure(ConnectomeTables tables) {
        SparkSession session = tables.session();
        ConnectomeModel model = tables.manifest().model();
        long n = model.neurons();
        double m = (double) model.synapses() / n;
        Map<String, Object> args = Map.of("n", n, "ne", (long) model.excitatoryNeurons(), "m", m);
        String inRange = "post >= 0 AND post < :n AND pre >= 0 AND pre < :n";

        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_QUERIES, runnable -> {
            Thread thread = new Thread(runnable, "connectome-stats");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<Row> scan = query(pool, session, "recurrent: counts, ids, autapses, weights",
                    "SELECT COUNT(*) AS rows, "
                    + "COALESCE(SUM(CASE WHEN post IS NULL OR pre IS NULL OR weight IS NULL OR NOT (" + FINITE + ")"
                    + " THEN 1 ELSE 0 END), 0) AS invalid, "
                    + "COALESCE(SUM(CASE WHEN post < 0 OR post >= :n OR pre < 0 OR pre >= :n THEN 1 ELSE 0 END), 0),"
                    + "COALESCE(SUM(CASE WHEN post = pre THEN 1 ELSE 0 END), 0) AS autapses, "
                    + "COUNT(CASE WHEN pre < :ne THEN weight END), AVG(CASE WHEN pre < :ne THEN weight END), "
                    + "STDDEV_SAMP(CASE WHEN pre < :ne THEN weight END), "
                    + "COUNT(CASE WHEN pre >= :ne THEN weight END), AVG(CASE WHEN pre >= :ne THEN weight END), "
                    + "STDDEV_SAMP(CASE WHEN pre >= :ne THEN weight END), "
                    + "COALESCE(SUM(weight), 0D) FROM recurrent", args);
            // DISTRIBUTE BY post: one exchange serves both aggregations (a (post, pre) cell never spans posts).
            CompletableFuture<Row> in = query(pool, session, "recurrent: in-degrees and duplicate (post, pre)",
                    "SELECT COUNT(*), COALESCE(SUM(k), 0), COALESCE(SUM((k - :m) * (k - :m)), 0D),"
                    + " COALESCE(MIN(k), 0), COALESCE(MAX(k), 0), COALESCE(SUM(k - d), 0) FROM ("
                    + " SELECT post, SUM(c) AS k, COUNT(*) AS d FROM ("
                    + "  SELECT post, pre, COUNT(*) AS c FROM ("
                    + "   SELECT post, pre FROM recurrent WHERE " + inRange + " DISTRIBUTE BY post) r"
                    + "  GROUP BY post, pre) cells"
                    + " GROUP BY post) posts", args);
            CompletableFuture<Row> out = query(pool, session, "recurrent: out-degrees",
                    "SELECT COUNT(*), COALESCE(SUM(k), 0), COALESCE(SUM((k - :m) * (k - :m)), 0D),"
                    + " COALESCE(MIN(k), 0), COALESCE(MAX(k), 0) FROM ("
                    + " SELECT pre, COUNT(*) AS k FROM recurrent WHERE " + inRange + " GROUP BY pre) pres", args);
            CompletableFuture<Row> input = dense(pool, session, EdgeTable.INPUT, n, model.inputs());
            CompletableFuture<Row> output = dense(pool, session, EdgeTable.OUTPUT, model.outputs(), n);
            CompletableFuture<Row> neurons = query(pool, session, "neurons", "SELECT COUNT(*), COUNT(DISTINCT id), "
                    + "COALESCE(SUM(CASE WHEN id IS NULL OR id < 0 OR id >= :n THEN 1 ELSE 0 END), 0), "
                    + "COALESCE(SUM(CASE WHEN population IS NULL OR population <> (CASE WHEN id < :ne THEN 'E'"
                    + " ELSE 'I' END) THEN 1 ELSE 0 END), 0) FROM neurons", args);

            Row a = get(scan);
            Row b = get(in);
            Row c = get(out);
            Row d = get(neurons);
            return new Measurements(tables.schemas(),
                    new Measurements.TableCounts(a.getLong(0), a.getLong(1), a.getLong(2), b.getLong(5)),
                    denseCounts(get(input)), denseCounts(get(output)), a.getLong(3),
                    new Measurements.Degrees(n, b.getLong(0), b.getLong(1), b.getDouble(2), m, b.getLong(3),
                            b.getLong(4)),
                    new Measurements.Degrees(n, c.getLong(0), c.getLong(1), c.getDouble(2), m, c.getLong(3),
                            c.getLong(4)),
                    moments(a, 4), moments(a, 7), a.getDouble(10), moments(get(input), 3), moments(get(output), 3),
                    new Measurements.NeuronCounts(d.getLong(0), d.getLong(1), d.getLong(2), d.getLong(3)));
        } finally {
            pool.shutdownNow();
        }
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
    private static Row get(CompletableFuture<Row> future) {
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
