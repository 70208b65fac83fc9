package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.connectome.SparkTestBase;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.stats.TestConnectomes.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every query of {@code docs/queries.sql} runs as written: through {@code connectome sql --file --name} (each
 * returns rows), in Spark with results cross-checked against independent computations, and in DuckDB over
 * the same Parquet files with the same results.
 */
class CookbookTest extends SparkTestBase {
    private static final Path COOKBOOK = Path.of("docs/queries.sql");
    private static Path net;
    private static ConnectomeTables tables;
    private static ConnectomeModel model;
    private static Map<String, QueryFile.Query> queries;
    private static Map<String, List<List<Object>>> sparkResults = new HashMap<>();
    private static Connection duckdb;

    @BeforeAll
    static void open() throws IOException, SQLException {
        net = TestConnectomes.standard();
        tables = ConnectomeTables.open(spark, net.toString());
        model = tables.manifest().model();
        queries = QueryFile.parse(Files.readString(COOKBOOK), COOKBOOK.toString());
        long started = System.nanoTime();
        // Several queries at once: their small jobs overlap (each costs more in scheduling than in work).
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Map<String, Future<List<List<Object>>>> running = new LinkedHashMap<>();
            for (QueryFile.Query query : queries.values()) {
                running.put(query.name(), pool.submit(() -> values(tables.session().sql(query.sql()).collectAsList())));
            }
            for (Map.Entry<String, Future<List<List<Object>>>> result : running.entrySet()) {
                sparkResults.put(result.getKey(), result.getValue().get());
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("a cookbook query failed in Spark", e.getCause() == null ? e : e.getCause());
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("cookbook: %d queries in Spark in %.1f s%n", queries.size(), (System.nanoTime() - started) / 1e9);
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = duckdb.createStatement()) {
            for (EdgeTable table : EdgeTable.values()) {
                statement.execute("CREATE VIEW " + table.tableName() + " AS SELECT * FROM read_parquet('"
                        + net.resolve(table.tableName()) + "/*.parquet')");
            }
        }
    }

    private static List<List<Object>> values(List<Row> rows) {
        List<List<Object>> values = new ArrayList<>();
        for (Row row : rows) {
            List<Object> line = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                line.add(row.get(i));
            }
            values.add(line);
        }
        return values;
    }

    @AfterAll
    static void close() throws SQLException {
        if (duckdb != null) {
            duckdb.close();
        }
    }

    private static List<List<Object>> rows(String name) {
        List<List<Object>> rows = sparkResults.get(name);
        assertTrue(rows != null, "the cookbook has no query " + name);
        return rows;
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static double sql(String query) {
        return number(tables.session().sql(query).collectAsList().get(0).get(0));
    }

    @Test
    void theCookbookHasTheIssuesQueriesAndMore() {
        assertTrue(queries.size() >= 10, queries.keySet().toString());
        for (String name : List.of("in-degree-histogram", "population-blocks", "strongest-synapses",
                "subnetwork-0-999", "net-input-per-neuron", "reciprocal-pairs", "out-degree-histogram",
                "input-drive")) {
            assertTrue(queries.containsKey(name), name);
        }
        for (QueryFile.Query query : queries.values()) {
            assertTrue(!query.description().isBlank(), query.name() + " has no description");
        }
    }

    /** Every query returned rows (in Spark, on the views the sql command registers). */
    @Test
    void everyQueryReturnsRows() {
        for (String name : queries.keySet()) {
            assertTrue(!rows(name).isEmpty(), name + " returned no row");
        }
    }

    /**
     * On float weights (--weight-type float) every query runs and returns rows, and those that do not read the
     * weights return exactly what they return on double weights: the same synapses.
     */
    @Test
    void theCookbookRunsOnFloatWeights() {
        ConnectomeTables floats = ConnectomeTables.open(spark, TestConnectomes.standardFloat().toString());
        int compared = 0;
        for (QueryFile.Query query : queries.values()) {
            List<List<Object>> result = values(floats.session().sql(query.sql()).collectAsList());
            assertTrue(!result.isEmpty(), query.name() + " returned no row on float weights");
            if (!query.sql().contains("weight")) {
                assertEquals(rows(query.name()), result, query.name());
                compared++;
            }
        }
        assertTrue(compared >= 3, "queries without weights: " + compared);
    }

    /** Through the command line (a few: each run opens the tables anew), as CSV with every row. */
    @Test
    void queriesRunThroughTheCommandLine() {
        for (String name : List.of("table-sizes", "population-blocks", "weight-histogram")) {
            Run run = TestConnectomes.run("sql", net.toString(), "--file", COOKBOOK.toString(), "--name", name,
                    "--format", "csv", "--limit", "all");
            assertEquals(0, run.exitCode(), name + ": " + run.err());
            long lines = run.out().lines().count();
            assertTrue(lines >= 2, name + " printed no row:\n" + run.out());
            assertEquals(rows(name).size() + 1, lines, name);
        }
    }

    @Test
    void resultsAgreeWithIndependentComputations() {
        long n = model.neurons();
        long synapses = model.synapses();
        double weightSum = sql("SELECT SUM(weight) FROM recurrent");
        Measurements measured = ConnectomeStats.measure(tables);

        assertEquals(List.of(List.of("input", 6000L), List.of("neurons", 2000L), List.of("output", 4000L),
                List.of("recurrent", 200_000L)), rows("table-sizes"));

        for (String histogram : List.of("in-degree-histogram", "out-degree-histogram")) {
            long neurons = 0;
            long total = 0;
            for (List<Object> row : rows(histogram)) {
                neurons += (Long) row.get(1);
                total += (Long) row.get(0) * (Long) row.get(1);
            }
            assertEquals(n, neurons, histogram);
            assertEquals(synapses, total, histogram);
        }

        List<List<Object>> summary = rows("degree-summary");
        assertEquals(100.0, number(summary.get(0).get(1)));
        assertEquals(measured.inDegree().std(), number(summary.get(0).get(2)), 1e-9);
        assertEquals(measured.inDegree().min(), number(summary.get(0).get(3)));
        assertEquals(measured.inDegree().max(), number(summary.get(0).get(4)));
        assertEquals(measured.outDegree().std(), number(summary.get(1).get(2)), 1e-9);
        assertEquals(measured.outDegree().max(), number(summary.get(1).get(4)));

        List<List<Object>> blocks = rows("population-blocks");
        assertEquals(4, blocks.size());
        long fromE = 0;
        long all = 0;
        double blockWeights = 0;
        for (List<Object> row : blocks) {
            all += (Long) row.get(2);
            fromE += row.get(0).equals("E") ? (Long) row.get(2) : 0;
            blockWeights += number(row.get(3));
        }
        assertEquals(synapses, all);
        assertEquals(measured.excitatoryWeights().count(), fromE);
        assertEquals(weightSum, blockWeights, 1e-9 * Math.abs(weightSum) + 1e-9);

        double probability = 0;
        for (List<Object> row : rows("connection-probability-by-block")) {
            probability += number(row.get(2)) / (n * (double) n);
            assertEquals(model.connectionProbability(), number(row.get(4)), 0.01, "every block near p");
        }
        assertEquals(model.connectionProbability(), probability, 1e-12);

        List<List<Object>> strongest = rows("strongest-synapses");
        assertEquals(20, strongest.size());
        assertEquals(sql("SELECT MAX(ABS(weight)) FROM recurrent"), Math.abs(number(strongest.get(0).get(2))));

        assertEquals(sql("SELECT COUNT(*) FROM recurrent WHERE post < 1000 AND pre < 1000"),
                rows("subnetwork-0-999").size());

        List<List<Object>> perNeuron = rows("net-input-per-neuron");
        assertEquals(n, perNeuron.size());
        double net = 0;
        for (List<Object> row : perNeuron) {
            assertEquals(number(row.get(3)) + number(row.get(4)), number(row.get(5)), 1e-12);
            net += number(row.get(5));
        }
        assertEquals(weightSum, net, 1e-9);
        assertEquals(measured.recurrentWeightSum() / n, number(rows("balance-summary").get(0).get(0)), 1e-12);

        List<Object> reciprocity = rows("reciprocity").get(0);
        long reciprocal = (Long) reciprocity.get(0);
        assertEquals(reciprocal, rows("reciprocal-pairs").size());
        double expected = number(reciprocity.get(1));
        assertTrue(Math.abs(reciprocal - expected) < 5 * Math.sqrt(expected), reciprocal + " vs " + expected);

        assertEquals(measured.outDegree().max(), (Long) rows("top-out-degree").get(0).get(2));
        // Two hops from 0: the paths to j are the pres of j that 0 projects to.
        List<List<Object>> twoHop = rows("two-hop-from-neuron-0");
        assertEquals(20, twoHop.size());
        for (List<Object> row : twoHop.subList(0, 3)) {
            assertEquals((double) (Long) row.get(1), sql("SELECT COUNT(*) FROM recurrent WHERE post = " + row.get(0)
                    + " AND pre IN (SELECT post FROM recurrent WHERE pre = 0)"));
        }

        List<List<Object>> drive = rows("input-drive");
        assertEquals(n, drive.size());
        assertTrue(drive.stream().allMatch(row -> (Long) row.get(1) == model.inputs()));

        List<List<Object>> readout = rows("readout-by-population");
        assertEquals(model.outputs(), readout.size());
        assertTrue(readout.stream().allMatch(row -> (Long) row.get(3) == n));

        long binned = 0;
        for (List<Object> row : rows("weight-histogram")) {
            binned += (Long) row.get(4);
            assertTrue((Integer) row.get(1) >= 0 && (Integer) row.get(1) < 20);
        }
        assertEquals(synapses, binned);

        assertEquals(List.of(List.of(0L)), rows("autapse-count"));
    }

    /** DuckDB reads the same Parquet files and every cookbook query gives the same rows as Spark. */
    @Test
    void everyQueryGivesTheSameRowsInDuckDb() throws SQLException {
        for (QueryFile.Query query : queries.values()) {
            List<List<Object>> expected = rows(query.name());
            List<List<Object>> actual = new ArrayList<>();
            try (Statement statement = duckdb.createStatement(); ResultSet result = statement.executeQuery(
                    query.sql())) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.add(result.getObject(i));
                    }
                    actual.add(row);
                }
            }
            assertEquals(expected.size(), actual.size(), query.name() + ": rows");
            for (int r = 0; r < expected.size(); r++) {
                for (int c = 0; c < expected.get(r).size(); c++) {
                    Object spark = expected.get(r).get(c);
                    Object duck = actual.get(r).get(c);
                    String where = query.name() + " row " + r + " column " + c;
                    if (spark instanceof Number a) {
                        double x = a.doubleValue();
                        double y = ((Number) duck).doubleValue();
                        assertEquals(x, y, 1e-9 * Math.abs(x) + 1e-12, where);
                    } else {
                        assertEquals(String.valueOf(spark), String.valueOf(duck), where);
                    }
                }
            }
        }
    }
}
